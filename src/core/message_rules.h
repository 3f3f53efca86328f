// Validation of staged messages and their timestamps (SPEC §2.8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hrlake::core {

// Microseconds since 1970-01-01 00:00 UTC.
using UnixMicros = int64_t;

// The broker's timestamp: epoch seconds, epoch milliseconds (13 digits,
// told apart by size: values of 1e11 and above are milliseconds), or
// ISO-8601 ("2024-04-07T01:22:36Z", "2024-04-07 01:22:36.5+05:30",
// "2024-04-07"); no zone means UTC. nullopt when unreadable or outside
// 1900..2999.
std::optional<UnixMicros> parse_message_time(std::string_view text);

// Why a staged message cannot be loaded, or "" when it can. A missing
// timestamp is fine (the arrival time is used).
std::string message_problem(std::optional<std::string_view> sender,
                            std::optional<std::string_view> receiver,
                            std::optional<std::string_view> message,
                            std::optional<std::string_view> timestamp);

}  // namespace hrlake::core
