// The grouped kind of IntakeTarget (intake.h): valid rows wait in a sort by
// key; finish() hands each key's rows, in arrival order, to group(), which
// reads what is stored for the key, asks the rules of src/core, writes and
// counts.
#pragma once

#include "pg/intake.h"
#include "pg/sorted_rows.h"

namespace hrlake::pg {

// What a grouped target keeps of a row: a few fixed-size values and
// strings, back to back.
class Payload {
 public:
  Payload &i32(int32_t v) { return raw(&v, sizeof v); }
  Payload &u8(uint8_t v) { return raw(&v, sizeof v); }
  Payload &str(std::string_view s) {
    i32(static_cast<int32_t>(s.size()));
    bytes_.append(s);
    return *this;
  }
  Payload &opt_str(const std::optional<std::string_view> &s) {
    u8(s.has_value());
    return s ? str(*s) : *this;
  }
  std::string_view bytes() const { return bytes_; }
  void clear() { bytes_.clear(); }

  // Reading back, in the order written.
  class Reader {
   public:
    explicit Reader(std::string_view bytes) : rest_(bytes) {}
    int32_t i32() { return take<int32_t>(); }
    uint8_t u8() { return take<uint8_t>(); }
    std::string_view str() {
      const auto n = static_cast<size_t>(i32());
      std::string_view s = rest_.substr(0, n);
      rest_.remove_prefix(n);
      return s;
    }
    std::optional<std::string_view> opt_str() { return u8() ? std::optional<std::string_view>(str()) : std::nullopt; }

   private:
    template <typename T>
    T take() {
      T v;
      memcpy(&v, rest_.data(), sizeof v);
      rest_.remove_prefix(sizeof v);
      return v;
    }
    std::string_view rest_;
  };

 private:
  Payload &raw(const void *p, size_t n) {
    bytes_.append(static_cast<const char *>(p), n);
    return *this;
  }
  std::string bytes_;
};

class GroupedTarget : public IntakeTarget {
 public:
  GroupedTarget();
  ~GroupedTarget() override;
  void finish() override;

 protected:
  struct Row {
    core::Position at;
    std::string_view payload;  // valid during group()
  };
  // Keeps a valid row for finish().
  void keep(std::string_view key, const core::Position &at, const Payload &payload) {
    rows_.add(key, at, payload.bytes());
  }
  // Opens the writers (before the first group), closes them (after the last).
  virtual void open() = 0;
  virtual void close() = 0;
  // One key's rows, in arrival order. Memory allocated in the current
  // context is freed after the call.
  virtual void group(std::string_view key, const std::vector<Row> &rows) = 0;

 private:
  SortedRows rows_;
  MemoryContext group_context_ = nullptr;
};

}  // namespace hrlake::pg
