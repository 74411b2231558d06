// What `replay` prints of a trace's schedule: sentences regenerated from the checked schedule, never
// the file's own `story` (an edited or unsealed file's story could say anything, terminal escapes
// included); a story that differs from its schedule is only noted.
import { printable } from '../engine/printable.js';
import { storyOf, type TraceFile } from '../engine/traceFile.js';

/**
 * The schedule in words, regenerated from the (checked) schedule: the file's own `story` is never
 * printed (it could say anything), only noted when it differs from what the schedule says.
 */
export function scheduleLines(file: TraceFile): string[] {
  const story = storyOf(file.schedule);
  const lines = ['schedule:', ...story.map((s) => `  ${printable(s)}`)];
  if (file.story.length > 0 && JSON.stringify(file.story) !== JSON.stringify(story))
    lines.push("note: the file's story differs from its schedule; the schedule (above) is what is replayed");
  return lines;
}
