// report/files: write_file_atomic replaces a regular file whole, and writes
// into a FIFO (as into /dev/null or /dev/stdout) without replacing it.
#include <sys/stat.h>

#include <fstream>
#include <future>
#include <sstream>

#include "report/files.hpp"
#include "temp_dir.hpp"
#include "tw_catch.hpp"

using tw_test::TempDir;

TEST_CASE("write_file_atomic writes into a FIFO and leaves it a FIFO", "[report][files]") {
  TempDir dir{"tw_files"};
  const std::string fifo = dir.file("out");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto read = std::async(std::launch::async, [&] {
    std::ifstream in(fifo, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  });
  REQUIRE(tw::report::write_file_atomic(fifo, "decisions\n").ok());
  CHECK(read.get() == "decisions\n");
  struct stat st {};
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(!std::ifstream(fifo + ".tmp"));
}

TEST_CASE("write_file_atomic replaces a regular file whole", "[report][files]") {
  TempDir dir{"tw_files"};
  const std::string path = dir.file("out.txt");
  REQUIRE(tw::report::write_file_atomic(path, "old and longer\n").ok());
  REQUIRE(tw::report::write_file_atomic(path, "new\n").ok());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  CHECK(s.str() == "new\n");
}
