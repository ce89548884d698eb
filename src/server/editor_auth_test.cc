// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/editor_auth.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace trialfinder {
namespace {

TEST(EditorAuthTest, SessionCookiesAreStrict) {
  EXPECT_EQ(SessionCookie("tf_session", "v", 0, true),
            "tf_session=v; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
}

TEST(EditorAuthTest, TokensCompareWholly) {
  EXPECT_TRUE(TokensEqual("abc", "abc"));
  EXPECT_FALSE(TokensEqual("abd", "abc"));
  EXPECT_FALSE(TokensEqual("ab", "abc"));
  EXPECT_FALSE(TokensEqual("", ""));  // no expected token: never a match
}

TEST(EditorAuthTest, ThrottleCountsAttemptsInProgress) {
  LoginThrottle throttle(5, std::chrono::minutes(15));
  // 16 guesses at once: only 5 may be checked.
  int started = 0;
  for (int i = 0; i < 16; ++i) started += throttle.TryStart("a") ? 1 : 0;
  EXPECT_EQ(started, 5);
  for (int i = 0; i < 5; ++i) throttle.Finish("a", /*failed=*/true);
  EXPECT_FALSE(throttle.TryStart("a"));
  EXPECT_TRUE(throttle.TryStart("b"));  // another client is not affected
  throttle.Finish("b", false);
  // Successes do not count against a client.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(throttle.TryStart("c"));
    throttle.Finish("c", false);
  }
}

TEST(EditorAuthTest, ThrottleUnderThreads) {
  LoginThrottle throttle(5, std::chrono::minutes(15));
  std::atomic<int> started = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      if (throttle.TryStart("x")) {
        ++started;
        throttle.Finish("x", true);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(started.load(), 5);
}

TEST(EditorAuthTest, LoginTokensAreIssuedByTheServer) {
  const LoginFormTokens tokens;
  const std::string token = tokens.Issue();
  EXPECT_TRUE(tokens.Valid(token));
  EXPECT_NE(tokens.Issue(), token);
  // Any change, a token of another server (another key), or one made up.
  std::string changed = token;
  changed[0] = changed[0] == '1' ? '2' : '1';
  EXPECT_FALSE(tokens.Valid(changed));
  EXPECT_FALSE(LoginFormTokens().Valid(token));
  EXPECT_FALSE(tokens.Valid(std::string(64, 'a')));
  EXPECT_FALSE(tokens.Valid(""));
  // Expired.
  const LoginFormTokens brief(std::chrono::seconds(-1));
  EXPECT_FALSE(brief.Valid(brief.Issue()));
}

TEST(EditorAuthTest, PasswordCheckSlotsAreBounded) {
  PasswordCheckSlots slots(2);
  std::optional<PasswordCheckSlots::Slot> first = slots.TryAcquire();
  std::optional<PasswordCheckSlots::Slot> second = slots.TryAcquire();
  EXPECT_TRUE(first && second);
  EXPECT_FALSE(slots.TryAcquire());
  first.reset();
  EXPECT_TRUE(slots.TryAcquire());  // given back, taken, given back
  EXPECT_TRUE(slots.TryAcquire());
}

}  // namespace
}  // namespace trialfinder
