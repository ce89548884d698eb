// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/gzip.h"

#include <gtest/gtest.h>

#include <string>

namespace trialfinder {
namespace {

TEST(GzipTest, AcceptEncodingAndCompression) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_TRUE(WorthCompressing("application/json", 5000));
  EXPECT_FALSE(WorthCompressing("application/json", 100));
  EXPECT_FALSE(WorthCompressing("image/png", 5000));
  const std::string text(100000, 'a');
  std::optional<std::string> packed = GzipCompress(text);
  ASSERT_TRUE(packed);
  EXPECT_LT(packed->size(), 1000u);
  EXPECT_EQ(static_cast<unsigned char>((*packed)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*packed)[1]), 0x8b);
}

}  // namespace
}  // namespace trialfinder
