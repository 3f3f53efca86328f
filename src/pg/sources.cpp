// hrlake._sources(): the names of the sources hrlake knows, from the one
// list that drives the loaders (src/core/source_spec.cpp), so the SQL that
// checks a source name never keeps a copy of its own.
#include "core/source_spec.h"
#include "pg/datum_arrays.h"

using namespace hrlake;

HRLAKE_FUNCTION(hrlake_sources) {
  std::vector<std::optional<std::string>> names;
  for (const auto &source : core::all_sources()) names.emplace_back(source.name);
  PG_RETURN_DATUM(pg::text_array(names));
}
