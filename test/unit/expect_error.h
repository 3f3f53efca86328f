// Runs fn, expecting a core::Error with this SQLSTATE; returns it.
#pragma once

#include <gtest/gtest.h>

#include "core/error.h"

template <typename Fn>
hrlake::core::Error expect_error(const char *sqlstate, Fn fn) {
  try {
    fn();
  } catch (const hrlake::core::Error &e) {
    EXPECT_EQ(e.sqlstate(), sqlstate) << e.what();
    return e;
  }
  ADD_FAILURE() << "no error";
  return hrlake::core::Error("00000", "");
}
