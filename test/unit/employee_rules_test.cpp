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

TEST(EmployeeRules, ParsesEveryField) {
  std::string p = "stale";
  auto e = parse_employee("10000001", "34", "Anna", p);
  ASSERT_TRUE(e);
  EXPECT_EQ(p, "");
  EXPECT_EQ(e->emp_id, "10000001");
  EXPECT_EQ(e->age, 34);
  EXPECT_EQ(e->name, "Anna");
  EXPECT_FALSE(parse_employee("1", "0", "Anna", p));
  EXPECT_EQ(p, "age 0 is outside 1..150");
}

// Production: a 3,000-character emp_id exceeded the B-tree entry limit and
// failed the whole ingest; it must reject its row instead.
TEST(EmployeeRules, OverlongEmpIdIsRejected) {
  EXPECT_EQ(employee_problem(std::string(64, '1'), "30", "A"), "");
  EXPECT_EQ(employee_problem(std::string(3000, '1'), "30", "A"),
            "emp_id is longer than 64 characters");
  EXPECT_EQ(employee_problem("1", "30", std::string(501, 'n')), "name is longer than 500 characters");
  // Characters are code points: 500 two-byte characters fit.
  std::string name;
  for (int i = 0; i < 500; ++i) name += "\xc3\xa9";  // é
  EXPECT_EQ(employee_problem("1", "30", name), "");
  EXPECT_EQ(employee_problem("1", "30", name + "e"), "name is longer than 500 characters");
}
