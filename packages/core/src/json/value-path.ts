/** One step into a container: an array position or a dict key (as its key text). */
export type PathStep = { readonly index: number } | { readonly key: string };

/** Steps past this are elided in the middle: a path 1,000,000 levels deep must not make a 10 MB message. */
const MAX_SHOWN_STEPS = 24;

/** `$[2]["name"][0]`: where a value sits inside a record, for error messages. */
export function formatPath(prefix: string, steps: readonly PathStep[]): string {
  let text = prefix;
  const count = steps.length;
  for (let i = 0; i < count; i++) {
    if (count > MAX_SHOWN_STEPS && i === MAX_SHOWN_STEPS / 2) {
      const skipped = count - MAX_SHOWN_STEPS;
      text += `...(${skipped} more levels)...`;
      i += skipped - 1;
      continue;
    }
    const step = steps[i]!;
    text += "index" in step ? `[${step.index}]` : `[${JSON.stringify(step.key)}]`;
  }
  return text;
}
