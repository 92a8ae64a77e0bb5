// SPDX-License-Identifier: Apache-2.0
//
// fuzz/replay_main.cpp: a plain main() for compilers without libFuzzer (g++, MSVC). It runs
// LLVMFuzzerTestOneInput once on every file named on the command line and on every regular file
// under every directory named (recursively, in sorted order, so runs are repeatable). Arguments
// starting with '-' are libFuzzer flags and are ignored, so one command line serves both builds.
// A property violation aborts inside the target; an unreadable path or an empty run fails here.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool read_file(const fs::path& p, std::vector<char>& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.empty() && arg[0] == '-') continue;
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (const fs::directory_entry& e : fs::recursive_directory_iterator(arg, ec)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else if (fs::is_regular_file(arg, ec)) {
      files.emplace_back(arg);
    }
    if (ec) {
      std::fprintf(stderr, "replay: cannot read %s: %s\n", arg.c_str(), ec.message().c_str());
      return 2;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "replay: no input files (usage: %s FILE_OR_DIR...)\n", argv[0]);
    return 2;
  }
  std::sort(files.begin(), files.end());

  std::vector<char> buf;
  for (const fs::path& p : files) {
    if (!read_file(p, buf)) {
      std::fprintf(stderr, "replay: cannot read %s\n", p.string().c_str());
      return 2;
    }
    std::fprintf(stderr, "replay: %s\n", p.string().c_str());
    // An exactly-sized copy, as libFuzzer would pass it (the target copies it again).
    const std::vector<std::uint8_t> input(buf.begin(), buf.end());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::printf("replay: %zu inputs, no property violated\n", files.size());
  return 0;
}
