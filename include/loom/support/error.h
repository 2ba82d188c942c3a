// Error values for anything a user can cause, and the internal-invariant check macro.
#ifndef LOOM_SUPPORT_ERROR_H_
#define LOOM_SUPPORT_ERROR_H_

#include <string>
#include <utility>
#include <variant>

namespace loom {

// A user-facing error: one or more lines, each naming what is wrong and what to do about it.
class Error {
 public:
  explicit Error(std::string message) : message_(std::move(message)) {}
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

// Either a value or an Error. Accessing the wrong alternative is an internal error.
template <typename T>
class ErrorOr {
 public:
  ErrorOr(T value) : storage_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  ErrorOr(Error error) : storage_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(storage_); }
  const T& value() const&;
  T& value() &;
  T&& value() &&;
  const Error& error() const;

 private:
  std::variant<T, Error> storage_;
};

[[noreturn]] void InternalError(const char* file, int line, const char* condition,
                                const std::string& detail);

// Aborts with "internal error" when an invariant of loom itself does not hold. Never use it for
// conditions a user's input can cause: return an Error instead.
#define LOOM_CHECK(cond)                                               \
  do {                                                                 \
    if (!(cond)) ::loom::InternalError(__FILE__, __LINE__, #cond, ""); \
  } while (false)
#define LOOM_CHECK_MSG(cond, msg)                                         \
  do {                                                                    \
    if (!(cond)) ::loom::InternalError(__FILE__, __LINE__, #cond, (msg)); \
  } while (false)

template <typename T>
const T& ErrorOr<T>::value() const& {
  LOOM_CHECK_MSG(ok(), std::get<Error>(storage_).message());
  return std::get<T>(storage_);
}
template <typename T>
T& ErrorOr<T>::value() & {
  LOOM_CHECK_MSG(ok(), std::get<Error>(storage_).message());
  return std::get<T>(storage_);
}
template <typename T>
T&& ErrorOr<T>::value() && {
  LOOM_CHECK_MSG(ok(), std::get<Error>(storage_).message());
  return std::get<T>(std::move(storage_));
}
template <typename T>
const Error& ErrorOr<T>::error() const {
  LOOM_CHECK(!ok());
  return std::get<Error>(storage_);
}

}  // namespace loom

#endif  // LOOM_SUPPORT_ERROR_H_
