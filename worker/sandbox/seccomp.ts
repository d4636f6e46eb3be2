import os from 'node:os';

// The box's seccomp filter, as the classic-BPF program bubblewrap's --seccomp reads
// (an array of struct sock_filter). Generated here rather than compiled from C
// against libseccomp: it is a short list of "this number, this answer", it needs no
// compiler or -dev package on the worker, and a test can run every denied call.
//
// Denied with EPERM: interfaces a numpy exercise never needs and that have a history
// of kernel bugs or let one process inspect another (io_uring, keyrings, ptrace and
// process_vm_*, perf, bpf, userfaultfd), and everything that changes mounts or
// namespaces (bwrap has already built the box; nothing inside may rebuild it).
// clone() with a CLONE_NEW* flag is refused like unshare(). clone3() passes its flags
// in memory a filter cannot read, so it answers ENOSYS: glibc then falls back to
// clone(), which the filter can check. Any other architecture than the worker's own
// (a 32-bit int 0x80 call on x86_64) kills the process, and x32 calls are refused.

const DENIED = [
  'io_uring_setup', 'io_uring_enter', 'io_uring_register',
  'keyctl', 'add_key', 'request_key',
  'ptrace', 'process_vm_readv', 'process_vm_writev',
  'perf_event_open', 'bpf', 'userfaultfd', 'lookup_dcookie', 'fanotify_init',
  'mount', 'umount2', 'pivot_root', 'unshare', 'setns',
  'open_tree', 'move_mount', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'mount_setattr',
  'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module',
  'swapon', 'swapoff', 'reboot', 'acct', 'quotactl', 'name_to_handle_at', 'open_by_handle_at',
] as const;
export const DENIED_SYSCALLS: readonly string[] = DENIED;

type Name = (typeof DENIED)[number] | 'clone' | 'clone3';

// from the kernel's uapi headers (asm/unistd_64.h; asm-generic/unistd.h for arm64)
const X64: Record<Name, number> = {
  io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427,
  keyctl: 250, add_key: 248, request_key: 249,
  ptrace: 101, process_vm_readv: 310, process_vm_writev: 311,
  perf_event_open: 298, bpf: 321, userfaultfd: 323, lookup_dcookie: 212, fanotify_init: 300,
  mount: 165, umount2: 166, pivot_root: 155, unshare: 272, setns: 308,
  open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, mount_setattr: 442,
  kexec_load: 246, kexec_file_load: 320, init_module: 175, finit_module: 313, delete_module: 176,
  swapon: 167, swapoff: 168, reboot: 169, acct: 163, quotactl: 179, name_to_handle_at: 303, open_by_handle_at: 304,
  clone: 56, clone3: 435,
};
const ARM64: Record<Name, number> = {
  io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427,
  keyctl: 219, add_key: 217, request_key: 218,
  ptrace: 117, process_vm_readv: 270, process_vm_writev: 271,
  perf_event_open: 241, bpf: 280, userfaultfd: 282, lookup_dcookie: 18, fanotify_init: 262,
  mount: 40, umount2: 39, pivot_root: 41, unshare: 97, setns: 268,
  open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, mount_setattr: 442,
  kexec_load: 104, kexec_file_load: 294, init_module: 105, finit_module: 273, delete_module: 106,
  swapon: 224, swapoff: 225, reboot: 142, acct: 89, quotactl: 60, name_to_handle_at: 264, open_by_handle_at: 265,
  clone: 220, clone3: 435,
};
/** this machine's numbers for the filtered calls, for tests that make them */
export function syscallNumbers(arch = os.arch()): Record<Name, number> {
  const a = ARCHES[arch];
  if (!a) throw new SeccompUnsupportedError(`no system call numbers for ${arch}`);
  return a.nr;
}

const ARCHES: Record<string, { audit: number; nr: Record<Name, number>; x32: boolean }> = {
  x64: { audit: 0xc000003e, nr: X64, x32: true },
  arm64: { audit: 0xc00000b7, nr: ARM64, x32: false },
};

// classic BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h)
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const RET_ALLOW = 0x7fff0000;
const EPERM = 1;
const ENOSYS = 38;
// offsets in struct seccomp_data: nr, arch, instruction_pointer, args[6] (low word first on little-endian)
const OFF_NR = 0;
const OFF_ARCH = 4;
const OFF_ARG0_LOW = 16;
const X32_BIT = 0x40000000;
// CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET (NEWTIME, 0x80, is not valid for clone())
const CLONE_NEW_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

export class SeccompUnsupportedError extends Error {}

type Insn = { code: number; k: number; jt?: string; jf?: string } | { label: string };

let cached: Buffer | undefined;

/** The filter for this machine's architecture (x86_64 or arm64), as bwrap --seccomp expects it. */
export function seccompFilter(arch = os.arch()): Buffer {
  if (arch === os.arch() && cached) return cached;
  const a = ARCHES[arch];
  if (!a) throw new SeccompUnsupportedError(`the sandbox's seccomp filter knows x64 and arm64 system calls, not ${arch}`);
  const p: Insn[] = [
    { code: LD_W_ABS, k: OFF_ARCH },
    { code: JEQ_K, k: a.audit, jf: 'kill' },
    { code: LD_W_ABS, k: OFF_NR },
  ];
  if (a.x32) p.push({ code: JGE_K, k: X32_BIT, jt: 'eperm' });
  for (const name of DENIED) p.push({ code: JEQ_K, k: a.nr[name], jt: 'eperm' });
  p.push({ code: JEQ_K, k: a.nr.clone3, jt: 'enosys' });
  p.push({ code: JEQ_K, k: a.nr.clone, jf: 'allow' });
  p.push({ code: LD_W_ABS, k: OFF_ARG0_LOW });
  p.push({ code: JSET_K, k: CLONE_NEW_FLAGS, jt: 'eperm' });
  p.push({ label: 'allow' }, { code: RET_K, k: RET_ALLOW });
  p.push({ label: 'eperm' }, { code: RET_K, k: RET_ERRNO | EPERM });
  p.push({ label: 'enosys' }, { code: RET_K, k: RET_ERRNO | ENOSYS });
  p.push({ label: 'kill' }, { code: RET_K, k: RET_KILL_PROCESS });
  const out = assemble(p);
  if (arch === os.arch()) cached = out;
  return out;
}

/** Resolves labels to the forward jump offsets classic BPF uses (0..255 instructions ahead). */
function assemble(program: Insn[]): Buffer {
  const at = new Map<string, number>();
  const insns: Exclude<Insn, { label: string }>[] = [];
  for (const i of program) {
    if ('label' in i) at.set(i.label, insns.length);
    else insns.push(i);
  }
  const buf = Buffer.alloc(insns.length * 8);
  insns.forEach((i, n) => {
    const jump = (label?: string) => {
      if (!label) return 0;
      const off = at.get(label)! - (n + 1);
      if (!(off >= 0 && off <= 255)) throw new Error(`seccomp jump to ${label} out of range`);
      return off;
    };
    buf.writeUInt16LE(i.code, n * 8);
    buf.writeUInt8(jump(i.jt), n * 8 + 2);
    buf.writeUInt8(jump(i.jf), n * 8 + 3);
    buf.writeUInt32LE(i.k >>> 0, n * 8 + 4);
  });
  return buf;
}
