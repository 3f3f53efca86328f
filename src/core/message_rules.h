// Validation and parsing of staged messages and their timestamps (SPEC
// §2.8, limits §2.10).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/row_problems.h"

namespace hrlake::core {

// Microseconds since 1970-01-01 00:00 UTC.
using UnixMicros = int64_t;

// The broker's timestamp: epoch seconds, epoch milliseconds (told apart by
// size: values of 1e11 and above are milliseconds), either with a fraction
// of any length, or ISO-8601 ("2024-04-07T01:22:36Z", "2024-04-07
// 01:22:36.5+05:30", "2024-04-07"); no zone means UTC. Exact: a fraction
// beyond microseconds is truncated toward minus infinity, never rounded into
// the next second (1712447999.9999999 stays on 2024-04-06). nullopt when
// unreadable or outside kFirstSourceDate..kLastSourceDate.
std::optional<UnixMicros> parse_message_time(std::string_view text);

struct ParsedMessage {
  // Identifies a delivery among keyed messages only; <= kMaxMessageKeyChars.
  std::optional<std::string_view> key;
  std::string_view sender;    // 1..kMaxEmpIdChars characters, as sent
  std::string_view receiver;  // 1..kMaxEmpIdChars characters, as sent
  std::string_view message;
  std::optional<UnixMicros> sent_at;  // nullopt: use the arrival time
};

// The message's values, or nullopt with `problem` set to every reason it
// cannot be loaded ("sender is missing; ..."). `problem` is cleared first.
// A missing timestamp is fine (the arrival time is used).
std::optional<ParsedMessage> parse_message(Field key, Field sender, Field receiver,
                                           Field message, Field timestamp,
                                           std::string &problem);

// Why a staged message cannot be loaded, or "" when it can (for SQL).
std::string message_problem(Field key, Field sender, Field receiver, Field message,
                            Field timestamp);
// The same without the key (today's SQL passes none, so a key's length is
// not checked on that path).
std::string message_problem(Field sender, Field receiver, Field message, Field timestamp);

}  // namespace hrlake::core
