// The project templates (src/backends/hls/templates) are embedded and rendered strictly: every
// placeholder gets its value, and a placeholder or a value the other side does not know is an
// internal error rather than a silently wrong project.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "backends/hls/emit.h"

namespace loom::hls {
namespace {

// The @@name@@ placeholders of a template text.
std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> keys;
  for (size_t p = text.find("@@"); p != std::string::npos; p = text.find("@@", p)) {
    size_t end = text.find("@@", p + 2);
    keys.insert(text.substr(p + 2, end - p - 2));
    p = end + 2;
  }
  return keys;
}

TEST(HlsTemplates, EveryTemplateIsEmbeddedWithItsPlaceholders) {
  std::map<std::string, std::set<std::string>> want = {
      {"README.md.in",
       {"project", "part", "clock_period", "clock_uncertainty", "multipliers", "dividers", "style",
        "style_reason"}},
      {"build_prj.tcl.in", {"project"}},
      {"project.tcl.in",
       {"project", "part", "clock_period", "clock_uncertainty", "fifo_profile_depth"}},
      {"testbench.cpp.in",
       {"project", "in_total", "out_total", "inputs", "outputs", "call", "compare", "finish"}}};
  ASSERT_EQ(ProjectTemplates().size(), want.size());
  for (const auto& [name, text] : ProjectTemplates()) {
    ASSERT_TRUE(want.count(name)) << name;
    EXPECT_EQ(Placeholders(text), want[name]) << name;
  }
}

TEST(HlsTemplates, RenderFillsEveryPlaceholder) {
  std::string tcl = RenderTemplate("project.tcl.in", {{"project", "net"},
                                                      {"part", "xc7z020"},
                                                      {"clock_period", "5"},
                                                      {"clock_uncertainty", "0.5"},
                                                      {"fifo_profile_depth", "100000"}});
  EXPECT_EQ(tcl.find("@@"), std::string::npos);
  EXPECT_NE(tcl.find("set fifo_profile_depth 100000\n"), std::string::npos);
  EXPECT_NE(tcl.find("set project_name \"net\"\n"), std::string::npos);
  EXPECT_NE(tcl.find("set part \"xc7z020\"\n"), std::string::npos);
  EXPECT_NE(tcl.find("set clock_period 5\n"), std::string::npos);
  EXPECT_NE(tcl.find("set clock_uncertainty 0.5\n"), std::string::npos);
  std::string build = RenderTemplate("build_prj.tcl.in", {{"project", "net"}});
  EXPECT_EQ(build.find("@@"), std::string::npos);
  EXPECT_NE(build.find("script for net,"), std::string::npos);
}

TEST(HlsTemplatesDeathTest, AMissingOrUnusedValueIsAnInternalError) {
  EXPECT_DEATH(
      RenderTemplate("project.tcl.in", {{"project", "net"}, {"part", "x"}, {"clock_period", "5"}}),
      "no value for @@clock_uncertainty@@");
  EXPECT_DEATH(RenderTemplate("build_prj.tcl.in", {{"project", "n"}, {"part", "x"}}),
               "a value has no placeholder");
  EXPECT_DEATH(RenderTemplate("nope.in", {}), "no project template nope.in");
}

}  // namespace
}  // namespace loom::hls
