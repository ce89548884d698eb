// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>
#include <cstdlib>

namespace trialfinder {
namespace {

// Backtracking steps a search may take. The criteria and case-note
// patterns take a few hundred on a 300-character criterion; a million is
// far above any real text and still a few milliseconds at worst.
constexpr std::uint32_t kMatchLimit = 1'000'000;
// The interpreter's backtracking memory (KiB) when JIT is not available.
constexpr std::uint32_t kHeapLimitKib = 4 * 1024;
// JIT code keeps its backtracking frames on a stack of its own, allocated
// on the heap per thread; past the maximum a search fails, it never
// touches the thread's stack.
constexpr std::size_t kJitStackStart = 32 * 1024;
constexpr std::size_t kJitStackMax = 1024 * 1024;

// Per-thread match data and JIT stack: a Pattern is shared by threads.
struct ThreadScratch {
  pcre2_match_data* data = nullptr;
  std::uint32_t pairs = 0;
  pcre2_jit_stack* jit_stack = nullptr;

  ThreadScratch() = default;
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() {
    pcre2_match_data_free(data);
    pcre2_jit_stack_free(jit_stack);
  }

  pcre2_match_data* DataFor(std::uint32_t wanted) {
    if (data == nullptr || wanted > pairs) {
      pcre2_match_data_free(data);
      pairs = wanted;
      data = pcre2_match_data_create(pairs, nullptr);
    }
    return data;
  }
};

ThreadScratch& Scratch() {
  thread_local ThreadScratch scratch;
  return scratch;
}

pcre2_jit_stack* ThreadJitStack(void* /*unused*/) {
  ThreadScratch& scratch = Scratch();
  if (scratch.jit_stack == nullptr) {
    scratch.jit_stack = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
  }
  return scratch.jit_stack;
}

std::string ErrorText(int code) {
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0) return "unknown PCRE2 error";
  return reinterpret_cast<const char*>(buffer);
}

std::string_view Bounded(std::string_view text) {
  return text.size() > kMaxPatternTextBytes ? text.substr(0, kMaxPatternTextBytes) : text;
}

}  // namespace

struct Pattern::Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  std::uint32_t pairs = 1;  // capture groups + the whole match

  Compiled() = default;
  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;
  ~Compiled() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

bool PatternMatch::matched(std::size_t group) const {
  return group < groups_.size() && groups_[group].first != std::string_view::npos;
}

std::string_view PatternMatch::view(std::size_t group) const {
  if (!matched(group)) return {};
  return text_.substr(groups_[group].first, groups_[group].second - groups_[group].first);
}

std::size_t PatternMatch::position(std::size_t group) const {
  return matched(group) ? groups_[group].first : std::string_view::npos;
}

Result<Pattern> Pattern::Compile(std::string_view pattern, PatternCase letter_case) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  std::uint32_t options = PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C;
  if (letter_case == PatternCase::kInsensitive) options |= PCRE2_CASELESS;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &error, &offset, nullptr);
  if (code == nullptr) {
    return Status::InvalidArgument("pattern '" + std::string(pattern) + "' at offset " +
                                   std::to_string(offset) + ": " + ErrorText(error));
  }
  auto* compiled = new Compiled;
  compiled->code = code;
  // JIT is an optimisation: where it is unavailable the interpreter runs
  // the same pattern under the heap limit.
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  std::uint32_t captures = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
  compiled->pairs = captures + 1;
  compiled->context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(compiled->context, kMatchLimit);
  pcre2_set_heap_limit(compiled->context, kHeapLimitKib);
  pcre2_jit_stack_assign(compiled->context, ThreadJitStack, nullptr);
  return Pattern(compiled);
}

Pattern::Pattern(std::string_view pattern, PatternCase letter_case) {
  Result<Pattern> compiled = Compile(pattern, letter_case);
  if (!compiled.ok()) {
    std::fprintf(stderr, "trialfinder: invalid built-in %s\n", compiled.status().message().c_str());
    std::abort();
  }
  std::swap(compiled_, compiled->compiled_);
}

Pattern::~Pattern() { delete compiled_; }

Pattern::Pattern(Pattern&& other) noexcept : compiled_(other.compiled_) {
  other.compiled_ = nullptr;
}

Pattern& Pattern::operator=(Pattern&& other) noexcept {
  std::swap(compiled_, other.compiled_);
  return *this;
}

std::optional<PatternMatch> Pattern::Find(std::string_view text, std::size_t start) const {
  text = Bounded(text);
  if (compiled_ == nullptr || start > text.size()) return std::nullopt;
  pcre2_match_data* data = Scratch().DataFor(compiled_->pairs);
  // A negative result is no match, or a limit reached (also reported as no
  // match; see the class comment).
  const int result = pcre2_match(compiled_->code, reinterpret_cast<PCRE2_SPTR>(text.data()),
                                 text.size(), start, 0, data, compiled_->context);
  if (result <= 0) return std::nullopt;
  const PCRE2_SIZE* vector = pcre2_get_ovector_pointer(data);
  std::vector<std::pair<std::size_t, std::size_t>> groups(compiled_->pairs);
  for (std::uint32_t i = 0; i < compiled_->pairs; ++i) {
    const bool set = i < static_cast<std::uint32_t>(result) && vector[2 * i] != PCRE2_UNSET;
    groups[i] = set ? std::make_pair(vector[2 * i], vector[2 * i + 1])
                    : std::make_pair(std::string_view::npos, std::string_view::npos);
  }
  return PatternMatch(text, std::move(groups));
}

std::vector<PatternMatch> Pattern::FindAll(std::string_view text) const {
  text = Bounded(text);
  std::vector<PatternMatch> matches;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::optional<PatternMatch> match = Find(text, start);
    if (!match) break;
    const std::size_t end = match->position() + match->length();
    start = match->length() == 0 ? end + 1 : end;  // an empty match moves on by one
    matches.push_back(std::move(*match));
  }
  return matches;
}

std::string Pattern::ReplaceAll(std::string_view text, std::string_view replacement) const {
  std::string out;
  std::size_t copied = 0;
  for (const PatternMatch& match : FindAll(text)) {
    out.append(text.substr(copied, match.position() - copied));
    out.append(replacement);
    copied = match.position() + match.length();
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace trialfinder
