#include "core/employee_rules.h"

#include <gtest/gtest.h>

using namespace hrlake::core;

TEST(EmployeeRules, ValidRow) {
  EXPECT_EQ(employee_problem("10000001", "34", "Anna"), "");
  EXPECT_EQ(employee_problem("1", "1", "A"), "");
  EXPECT_EQ(employee_problem("1", "150", "A"), "");
}

TEST(EmployeeRules, EachProblemIsNamed) {
  EXPECT_EQ(employee_problem(std::nullopt, "34", "Anna"), "emp_id is empty");
  EXPECT_EQ(employee_problem("1", std::nullopt, "Anna"), "age is empty");
  EXPECT_EQ(employee_problem("1", "abc", "Anna"), "age \"abc\" is not an integer");
  EXPECT_EQ(employee_problem("1", "42.5", "Anna"), "age \"42.5\" is not an integer");
  EXPECT_EQ(employee_problem("1", "0", "Anna"), "age 0 is outside 1..150");
  EXPECT_EQ(employee_problem("1", "151", "Anna"), "age 151 is outside 1..150");
  EXPECT_EQ(employee_problem("1", "-3", "Anna"), "age -3 is outside 1..150");
  EXPECT_EQ(employee_problem("1", "99999999999999999999", "A"),
            "age \"99999999999999999999\" is not an integer");
  EXPECT_EQ(employee_problem("1", "30", std::nullopt), "name is empty");
}

TEST(EmployeeRules, SeveralProblemsAreJoined) {
  EXPECT_EQ(employee_problem(std::nullopt, "x", std::nullopt),
            "emp_id is empty; age \"x\" is not an integer; name is empty");
}

TEST(EmployeeRules, OverlongNameIsRejected) {
  EXPECT_EQ(employee_problem("1", "30", std::string(500, 'n')), "");
  EXPECT_NE(employee_problem("1", "30", std::string(501, 'n')), "");
}
