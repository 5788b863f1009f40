#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace ah::cli {
namespace {

std::string Dir(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string Base(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Error IoError(const std::string& path, const char* what, int err) {
  return Error(Code::kIo,
               path + ": cannot write the file (" + what + ": " + std::strerror(err) + ")");
}

// The process umask, read without changing it for good (the CLI is single-threaded here).
mode_t CurrentUmask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  if (path.empty() || path.back() == '/') {
    return MakeError(Code::kInvalidArgument, "'" + path + "' is not a file name");
  }
  const std::string dir = Dir(path);
  std::string tmpl = dir + "/." + Base(path) + ".XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return Fail(IoError(path, "creating a temporary file", errno));
  const std::string tmp(name.data());
  auto fail = [&](const char* what, int err) -> Status {
    ::close(fd);
    ::unlink(tmp.c_str());
    return Fail(IoError(path, what, err));
  };
  if (::fchmod(fd, 0666 & ~CurrentUmask()) != 0) return fail("setting permissions", errno);
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("writing", errno);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("syncing", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Fail(IoError(path, "closing", err));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Fail(IoError(path, "renaming the temporary file", err));
  }
  // The rename itself is durable once the folder is synced; best effort.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Ok();
}

}  // namespace ah::cli
