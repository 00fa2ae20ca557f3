// A fresh clone's documentation stands on its own: every relative link in every tracked Markdown
// file resolves to a file or folder inside the repository (and a `#fragment` to a heading of the
// Markdown file it names), and no tracked text points at the shared folder outside it.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { testPath } from "../helpers/python.js";

const ROOT = realpathSync(testPath(".."));

function tracked(...patterns: string[]): string[] {
  const result = spawnSync("git", ["ls-files", "-z", "--", ...patterns], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return result.stdout.split("\0").filter((path) => path !== "");
}

/** Link targets of a Markdown text: inline `[text](target)`, images, and `[label]: target` definitions; code is skipped. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
  const definitions = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1]!);
  return [...inline, ...definitions];
}

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, "");
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((match) =>
      match[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-"),
    ),
  );
}

const markdownFiles = tracked("*.md");

describe("links in the repository's Markdown", () => {
  it("finds the tracked Markdown files (the check is not vacuous)", () => {
    expect(markdownFiles).toEqual(expect.arrayContaining(["README.md", "CONTRIBUTING.md", "test/README.md", "docs/json-mapping.md"]));
  });

  it("parses inline links, images and definitions, and skips code", () => {
    expect(linkTargets('[a](x.md) ![i](img/p.png "t") `[no](code.md)`\n[ref]: ../y/z.md\n```\n[no](block.md)\n```\n')).toEqual(["x.md", "img/p.png", "../y/z.md"]);
    expect([...headingAnchors("## Other objects (placeholders)\n### `__effects__`: calls\n")]).toEqual(["other-objects-placeholders", "__effects__-calls"]);
  });

  it.each(markdownFiles)("every relative link in %s resolves to a file inside the repository", (file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    const broken: string[] = [];
    for (const target of linkTargets(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and other absolute URLs
      const [path = "", fragment] = target.split("#", 2);
      const resolved = path === "" ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(path));
      if (path.startsWith("/") || !existsSync(resolved)) {
        broken.push(`${target}: no such file in the repository`);
        continue;
      }
      const real = realpathSync(resolved);
      if (real !== ROOT && !real.startsWith(ROOT + sep)) {
        broken.push(`${target}: outside the repository (${relative(ROOT, real)})`);
        continue;
      }
      if (fragment !== undefined && fragment !== "" && real.endsWith(".md") && !headingAnchors(readFileSync(real, "utf8")).has(fragment)) {
        broken.push(`${target}: no heading with that anchor`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("no tracked Markdown, TypeScript, Python or script file points at the shared folder outside the repository", () => {
    const outside = /(\.\.\/)+shared\/|\/work\/shared/;
    const offenders = tracked("*.md", "*.ts", "*.py", "*.mjs").filter((file) => outside.test(readFileSync(join(ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});
