// Whether a command's answer is coloured: decided once per command from the stream the text goes to
// and the environment, then handed to the renderers as a boolean (reports/table.ts `paint`). Node's
// own `util.styleText` checks process.stdout only and lets FORCE_COLOR beat NO_COLOR; hafault lets
// the user's opt-out win, and in-process callers (tests, a library) say what their writer is.
/** The part of a stream the decision reads. */
export interface ColourStream {
  readonly isTTY?: boolean;
}

/** The variables the decision reads. */
export interface ColourEnv {
  readonly NO_COLOR?: string;
  readonly FORCE_COLOR?: string;
  readonly TERM?: string;
}

/**
 * Colour or not, in this order: NO_COLOR set to anything but the empty string turns it off (even
 * beside FORCE_COLOR); FORCE_COLOR `0` or `false` turns it off and any other non-empty value turns it
 * on, terminal or not; otherwise colour only on a terminal whose TERM is not `dumb`. An empty value
 * counts as unset (no-color.org, force-color.org).
 */
export function colourFor(stream: ColourStream, env: ColourEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}
