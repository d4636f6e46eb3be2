// The sandbox's first process: run as root by run-sandboxed.ts, it does in one exec
// what bash, prlimit, nice and setpriv did in four (each exec cost a few milliseconds
// of every grading), then execs bubblewrap. In order:
//   1. joins the run's cgroups (writes its pid to each --cgroup-procs file), so every
//      process of the submission is counted from its first instruction;
//   2. closes every inherited descriptor above 3 (Node marks its own close-on-exec,
//      but what the worker inherited from a supervisor or a shell is not), and opens
//      the seccomp filter as descriptor 4, where `bwrap --seccomp 4` reads it;
//   3. sets the per-process limits: CPU seconds (soft: SIGXCPU, hard: SIGKILL),
//      file size, open files, no core dumps (never RLIMIT_AS: it breaks V8 and OpenBLAS);
//   4. lowers its priority by --nice;
//   5. drops to the sandbox user: no supplementary groups, real, effective and saved
//      ids all set, no_new_privs;
//   6. execs the program (bubblewrap) with the arguments after "--".
// Any failure exits 125 with a line on stderr starting "sandbox:", before the program runs.
//
//   box-launch --seccomp=FILE [--cgroup-procs=FILE]... --cpu=SOFT:HARD --fsize=BYTES
//              --nofile=N --nice=N --uid=N --gid=N -- PROGRAM [ARG]...
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_PROCS_FILES 8
#define SECCOMP_FD 4

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "sandbox: %s%s%s: %s\n", what, detail ? " " : "", detail ? detail : "", strerror(errno));
  exit(125);
}

static void usage(const char *why) {
  fprintf(stderr, "sandbox: box-launch: %s\n", why);
  exit(125);
}

static unsigned long long number(const char *text, const char *name) {
  char *end;
  errno = 0;
  unsigned long long n = strtoull(text, &end, 10);
  if (errno || end == text || *end) usage(name);
  return n;
}

static const char *after(const char *arg, const char *prefix) {
  size_t n = strlen(prefix);
  return strncmp(arg, prefix, n) == 0 ? arg + n : NULL;
}

// close_range(2) where the kernel has it (5.9+); else every descriptor /proc lists
static void close_above(int keep) {
  if (syscall(SYS_close_range, keep + 1, ~0U, 0) == 0) return;
  DIR *d = opendir("/proc/self/fd");
  if (!d) fail("cannot list open descriptors in", "/proc/self/fd");
  int own = dirfd(d);
  struct dirent *e;
  while ((e = readdir(d))) {
    int fd = atoi(e->d_name);
    if (fd > keep && fd != own) close(fd);
  }
  closedir(d);
}

static void limit(int resource, rlim_t soft, rlim_t hard, const char *name) {
  struct rlimit r = { soft, hard };
  if (setrlimit(resource, &r) != 0) fail("cannot set the limit", name);
}

int main(int argc, char **argv) {
  const char *seccomp = NULL, *procs[MAX_PROCS_FILES];
  int nprocs = 0, have_cpu = 0, have_ids = 0;
  unsigned long long cpu_soft = 0, cpu_hard = 0, fsize = 0, nofile = 0, uid = 0, gid = 0;
  long long nice_by = 0;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    const char *a = argv[i], *v;
    if ((v = after(a, "--seccomp="))) seccomp = v;
    else if ((v = after(a, "--cgroup-procs="))) {
      if (nprocs == MAX_PROCS_FILES) usage("too many --cgroup-procs");
      procs[nprocs++] = v;
    } else if ((v = after(a, "--cpu="))) {
      const char *colon = strchr(v, ':');
      if (!colon) usage("--cpu=SOFT:HARD");
      char soft[32];
      size_t n = (size_t)(colon - v);
      if (n == 0 || n >= sizeof soft) usage("--cpu=SOFT:HARD");
      memcpy(soft, v, n);
      soft[n] = 0;
      cpu_soft = number(soft, "--cpu soft limit");
      cpu_hard = number(colon + 1, "--cpu hard limit");
      have_cpu = 1;
    } else if ((v = after(a, "--fsize="))) fsize = number(v, "--fsize");
    else if ((v = after(a, "--nofile="))) nofile = number(v, "--nofile");
    else if ((v = after(a, "--nice="))) nice_by = (long long)number(v, "--nice");
    else if ((v = after(a, "--uid="))) uid = number(v, "--uid"), have_ids |= 1;
    else if ((v = after(a, "--gid="))) gid = number(v, "--gid"), have_ids |= 2;
    else usage(a);
  }
  if (i + 1 >= argc) usage("no program after --");
  if (!seccomp || !have_cpu || !fsize || !nofile || have_ids != 3) usage("--seccomp, --cpu, --fsize, --nofile, --uid and --gid are required");
  // never into the box as root, whatever a caller passes
  if (uid == 0 || gid == 0) usage("the sandbox user must not be root");

  char pid[32];
  int len = snprintf(pid, sizeof pid, "%d\n", getpid());
  for (int p = 0; p < nprocs; p++) {
    int fd = open(procs[p], O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, pid, (size_t)len) != len) fail("cannot join the cgroup", procs[p]);
    close(fd);
  }

  close_above(3);
  int filter = open(seccomp, O_RDONLY);
  if (filter < 0) fail("cannot open the seccomp filter", seccomp);
  if (filter != SECCOMP_FD) {
    if (dup2(filter, SECCOMP_FD) < 0) fail("cannot place the seccomp filter on descriptor", "4");
    close(filter);
  }

  limit(RLIMIT_CPU, cpu_soft, cpu_hard, "RLIMIT_CPU");
  limit(RLIMIT_FSIZE, fsize, fsize, "RLIMIT_FSIZE");
  limit(RLIMIT_NOFILE, nofile, nofile, "RLIMIT_NOFILE");
  limit(RLIMIT_CORE, 0, 0, "RLIMIT_CORE");
  errno = 0;
  if (nice((int)nice_by) == -1 && errno) fail("cannot lower the priority", NULL);

  if (setgroups(0, NULL) != 0) fail("cannot clear the supplementary groups", NULL);
  if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) != 0) fail("cannot switch to the sandbox group", NULL);
  if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0) fail("cannot switch to the sandbox user", NULL);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("cannot set no_new_privs", NULL);

  execv(argv[i + 1], &argv[i + 1]);
  fail("cannot run", argv[i + 1]);
}
