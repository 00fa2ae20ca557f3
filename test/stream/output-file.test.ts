// openOutputFile / writeFileAtomic / mergePickles({ output: path }): the library side of output
// paths. A regular file is replaced atomically (or left as it was), a FIFO is written through,
// and a merge never writes over one of its own inputs.
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { OutputPathError, assertNotAnInput, mergePickles, openOutputFile, writeFileAtomic } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "./python.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** Waits (up to 10 s) until `isDone` holds. */
async function waitFor(isDone: () => boolean): Promise<void> {
  for (let tries = 0; !isDone(); tries++) {
    if (tries > 1000) throw new Error("timed out waiting");
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
  }
}

describe("output files", () => {
  const temp = makeTempDir();
  const dir = temp.dir;
  afterAll(() => temp.remove());

  it("leaves a regular file as it was, and no temporary file, when the output is aborted", async () => {
    const path = join(dir, "kept.txt");
    writeFileSync(path, "old");
    const file = await openOutputFile(path);
    expect(file.mode).toBe("atomic");
    await file.write(bytes("new, half written"));
    await file.abort();
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("places early writes and later writes in call order, and drops discarded bytes on commit", async () => {
    const path = join(dir, "early.txt");
    writeFileSync(path, "old content that is longer than the new");
    const file = await openOutputFile(path);
    const spill = file.spill!;
    await file.write(bytes("one\n"));
    spill.write(bytes("two "));
    spill.write(new Uint8Array(3 * 1024 * 1024).fill(0x61));
    spill.write(bytes(" three\n"));
    await file.write(bytes("four\n"));
    spill.write(bytes("a record "));
    spill.write(bytes("that failed"));
    spill.discard("a record that failed".length);
    await file.write(bytes("five\n"));
    await file.commit();
    expect(readFileSync(path, "utf8")).toBe(`one\ntwo ${"a".repeat(3 * 1024 * 1024)} three\nfour\nfive\n`);
  });

  /**
   * Runs `body` with writes of more than 1 MiB started 50 ms late (FileHandle.write, wrapped): a
   * small write that does not wait for a big one at the same place lands first, then is overwritten.
   */
  async function withBigWritesLate(body: () => Promise<void>): Promise<void> {
    const probe = await open(join(dir, "probe.bin"), "w");
    const prototype = Object.getPrototypeOf(probe) as { write(buffer: Uint8Array, ...rest: unknown[]): Promise<unknown> };
    await probe.close();
    const write = prototype.write;
    prototype.write = async function (this: unknown, buffer: Uint8Array, ...rest: unknown[]) {
      if (buffer.length > 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 50));
      return write.call(this, buffer, ...rest);
    };
    try {
      await body();
    } finally {
      prototype.write = write;
    }
  }

  it("patches bytes given early in place, after the early writes that hold them, and keeps later writes after them", async () => {
    const path = join(dir, "patched.bin");
    const file = await openOutputFile(path);
    const spill = file.spill!;
    await withBigWritesLate(async () => {
      await file.write(bytes("one\n"));
      // A 5-byte head written before its count is known, with 3 MiB after it, 3 MiB more, then the count.
      const first = new Uint8Array(5 + 3 * 1024 * 1024).fill(0x61);
      first.set(bytes("[????"));
      spill.write(first);
      spill.write(new Uint8Array(3 * 1024 * 1024).fill(0x62));
      spill.patch!(5 + 6 * 1024 * 1024, bytes("[0042"));
      spill.patch!(2, bytes("]\n"));
      await file.write(bytes("two\n"));
      await file.commit();
    });
    expect(readFileSync(path, "latin1")).toBe(`one\n[0042${"a".repeat(3 * 1024 * 1024)}${"b".repeat(3 * 1024 * 1024 - 2)}]\ntwo\n`);
  });

  it("starts an early write given after a discard once the dropped bytes' writes are done (they may cover its place)", async () => {
    const path = join(dir, "rewritten.bin");
    const file = await openOutputFile(path);
    const spill = file.spill!;
    await withBigWritesLate(async () => {
      await file.write(bytes("one\n"));
      spill.write(new Uint8Array(3 * 1024 * 1024).fill(0x61));
      spill.discard(3 * 1024 * 1024);
      spill.write(bytes("two, written again\n"));
      await file.commit();
    });
    expect(readFileSync(path, "latin1")).toBe("one\ntwo, written again\n");
  });

  it("refuses a patch that reaches past what was written", async () => {
    const file = await openOutputFile(join(dir, "unpatched.bin"));
    await file.write(bytes("one\n"));
    file.spill!.write(bytes("two"));
    expect(() => file.spill!.patch!(8, bytes("x"))).toThrow(RangeError);
    expect(() => file.spill!.patch!(1, bytes("xy"))).toThrow(RangeError);
    await file.abort();
  });

  it("starts flushes to disk while writing goes on, and the file is whole and in order", async () => {
    const path = join(dir, "flushed.txt");
    const file = await openOutputFile(path, { flushBytes: 4096 });
    // Count the flushes the output starts (FileHandle.datasync, wrapped for this test).
    const probe = await open(join(dir, "probe.txt"), "w");
    const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const datasync = prototype.datasync;
    let flushes = 0;
    prototype.datasync = function (this: unknown) {
      flushes++;
      return datasync.call(this);
    };
    const expected: string[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        const text = `${String(i).padStart(3, "0")}:${"x".repeat(700)}\n`;
        expected.push(text);
        if (i % 2 === 0) file.spill!.write(bytes(text));
        else await file.write(bytes(text));
      }
      await file.commit();
    } finally {
      prototype.datasync = datasync;
    }
    expect(flushes).toBeGreaterThanOrEqual(5);
    expect(readFileSync(path, "utf8")).toBe(expected.join(""));
  });

  it("has no early writes (nor patches) for a FIFO or a device", async () => {
    const file = await openOutputFile("/dev/null");
    expect(file.mode).toBe("through");
    expect(file.spill).toBeUndefined();
    await file.commit();
  });

  it("writes a symlink's target through writeFileAtomic and keeps the link", async () => {
    writeFileSync(join(dir, "target.txt"), "old");
    symlinkSync("target.txt", join(dir, "link.txt"));
    await writeFileAtomic(join(dir, "link.txt"), (write) => write(bytes("new")));
    expect(readFileSync(join(dir, "target.txt"), "utf8")).toBe("new");
    expect(lstatSync(join(dir, "link.txt")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.txt"))).toBe("target.txt");
  });

  it("writes a FIFO through: a reader gets the bytes and the FIFO stays", async () => {
    const fifo = join(dir, "out.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const chunks: Buffer[] = [];
    const reader = new Promise<void>((resolve, reject) => {
      createReadStream(fifo)
        .on("data", (chunk) => chunks.push(chunk as Buffer))
        .on("end", resolve)
        .on("error", reject);
    });
    const file = await openOutputFile(fifo);
    expect(file.mode).toBe("through");
    await file.write(bytes("through the pipe"));
    await file.commit();
    await reader;
    expect(Buffer.concat(chunks).toString("utf8")).toBe("through the pipe");
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  describe("a path naming a descriptor of this process, a regular file open on it", () => {
    /** Runs `use` with `path` opened (`flags`) as a shell's redirection would; the descriptor is closed after. */
    async function withDescriptor(path: string, flags: string, use: (fd: number) => Promise<void>): Promise<void> {
      const fd = openSync(path, flags);
      try {
        await use(fd);
      } finally {
        closeSync(fd);
      }
    }

    it.each([["/dev/fd/"], ["/proc/self/fd/"], [`/proc/${process.pid}/fd/`]])("appends through %sN opened to append (>>), the file kept, not replaced", async (prefix) => {
      const path = join(dir, `append-${prefix.replaceAll("/", "_")}.log`);
      writeFileSync(path, "old line\n");
      const inode = statSync(path).ino;
      await withDescriptor(path, "a", async (fd) => {
        const file = await openOutputFile(`${prefix}${fd}`);
        expect([file.mode, file.spill]).toEqual(["through", undefined]);
        await file.write(bytes("new line\n"));
        await file.commit();
        // The descriptor is not the output's to close: the shell's later writes still go to it.
        writeSync(fd, "after\n");
        expect(fstatSync(fd).ino).toBe(inode);
      });
      expect(readFileSync(path, "utf8")).toBe("old line\nnew line\nafter\n");
      expect(statSync(path).ino).toBe(inode);
      expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    });

    it("writes at the descriptor's offset (a { echo before; ...; echo after; } > file group), through writeFileAtomic too", async () => {
      const path = join(dir, "group.out");
      await withDescriptor(path, "w", async (fd) => {
        writeSync(fd, "before\n");
        await writeFileAtomic(`/dev/fd/${fd}`, async (write) => {
          await write(bytes("one\n"));
          await write(bytes("two\n"));
        });
        writeSync(fd, "after\n");
      });
      expect(readFileSync(path, "utf8")).toBe("before\none\ntwo\nafter\n");
    });

    it("follows a symlink to a descriptor path, and a folder linked to /proc/self/fd, to the descriptor", async () => {
      const path = join(dir, "linked.log");
      writeFileSync(path, "old\n");
      await withDescriptor(path, "a", async (fd) => {
        symlinkSync(`/dev/fd/${fd}`, join(dir, "to-fd"));
        symlinkSync("/proc/self/fd", join(dir, "fds"));
        await writeFileAtomic(join(dir, "to-fd"), (write) => write(bytes("by link\n")));
        await writeFileAtomic(join(dir, "fds", String(fd)), (write) => write(bytes("by folder\n")));
      });
      expect(readFileSync(path, "utf8")).toBe("old\nby link\nby folder\n");
      expect(lstatSync(join(dir, "to-fd")).isSymbolicLink()).toBe(true);
    });

    it("keeps what was written before a failure: a descriptor cannot take bytes back", async () => {
      const path = join(dir, "failed.log");
      writeFileSync(path, "old\n");
      await withDescriptor(path, "a", async (fd) => {
        const error = await rejection(
          writeFileAtomic(`/dev/fd/${fd}`, async (write) => {
            await write(bytes("first\n"));
            throw new Error("bad record");
          }),
        );
        expect((error as Error).message).toBe("bad record");
      });
      expect(readFileSync(path, "utf8")).toBe("old\nfirst\n");
    });

    it("appends to another process's file named by /proc/PID/fd/N: never truncated nor replaced", async () => {
      const path = join(dir, "other.log");
      writeFileSync(path, "");
      const fd = openSync(path, "w");
      // A process whose standard output is the file, which writes a line, then waits.
      const child = spawn("sh", ["-c", "echo first; sleep 30"], { stdio: ["ignore", fd, "ignore"] });
      closeSync(fd);
      try {
        await waitFor(() => readFileSync(path, "utf8") === "first\n");
        const inode = statSync(path).ino;
        await writeFileAtomic(`/proc/${child.pid}/fd/1`, (write) => write(bytes("second\n")));
        expect(readFileSync(path, "utf8")).toBe("first\nsecond\n");
        expect(statSync(path).ino).toBe(inode);
      } finally {
        child.kill();
      }
    });

    it("refuses a descriptor that is not open, or not open for writing, naming the path", async () => {
      const path = join(dir, "read-only.txt");
      writeFileSync(path, "kept");
      // A descriptor number surely not open: opened, then closed.
      const closed = openSync(path, "r");
      closeSync(closed);
      const missing = await rejection(openOutputFile(`/dev/fd/${closed}`, { name: "out" }));
      expect([(missing as OutputPathError).code, (missing as OutputPathError).message]).toEqual(["ENOENT", `out: names file descriptor ${closed}, which is not open`]);
      await withDescriptor(path, "r", async (fd) => {
        const error = await rejection(openOutputFile(`/proc/self/fd/${fd}`, { name: "out" }));
        expect([(error as OutputPathError).code, (error as OutputPathError).message]).toEqual(["EBADF", "out: is not open for writing"]);
      });
      expect(readFileSync(path, "utf8")).toBe("kept");
    });
  });

  it("names the path as given in an error for a folder that does not exist", async () => {
    const error = await rejection(openOutputFile(join(dir, "missing", "x.json"), { name: "missing/x.json" }));
    expect(error).toBeInstanceOf(OutputPathError);
    expect((error as OutputPathError).code).toBe("ENOENT");
    expect((error as OutputPathError).message).toBe(`missing/x.json: no such folder (${join(dir, "missing")})`);
  });

  it("refuses an output that is an input through a symlink", async () => {
    writeFileSync(join(dir, "input.pkl"), "data");
    symlinkSync("input.pkl", join(dir, "alias.pkl"));
    const error = await rejection(assertNotAnInput(join(dir, "alias.pkl"), [[join(dir, "input.pkl"), "input.pkl"]], { name: "alias.pkl" }));
    expect((error as OutputPathError).code).toBe("SAME_AS_INPUT");
    expect((error as OutputPathError).message).toMatch(/^alias\.pkl: is also an input \(input\.pkl\)/);
  });

  it("refuses a merge whose output is one of its inputs before writing anything", async () => {
    const input = join(dir, "shard.pkl");
    // {"a": 1}, protocol 2
    const pickle = Uint8Array.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x58, 0x01, 0x00, 0x00, 0x00, 0x61, 0x71, 0x01, 0x4b, 0x01, 0x73, 0x2e]);
    writeFileSync(input, pickle);
    const error = await rejection(mergePickles({ patterns: "shard.pkl", cwd: dir, output: input, format: "json" }));
    expect((error as OutputPathError).code).toBe("SAME_AS_INPUT");
    expect(readFileSync(input).equals(Buffer.from(pickle))).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
