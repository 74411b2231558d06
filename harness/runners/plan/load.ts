// Reads a plan from a file (text, JSON or YAML by extension) or from `--step` lines, and checks it
// against the target; every problem is reported at once.
import { InputFileError } from '../../engine/inputText.js';
import type { Target } from '../../engine/target.js';
import { readInputFile } from '../inputFile.js';
import { parsePlanData, planProblemsOf } from './parseData.js';
import { parsePlanText } from './parseText.js';
import { PlanError, STEP_SOURCE, type Plan } from './types.js';
import { validatePlan } from './validate.js';

export function readPlan(file: string): Plan {
  let text: string;
  try {
    // Every plan, text too, is read under the limits of every input file (size, UTF-8).
    text = readInputFile(file, 'yaml');
  } catch (error) {
    if (error instanceof InputFileError) throw new PlanError(planProblemsOf(error));
    throw error;
  }
  const { plan, problems } = /\.(json|ya?ml)$/i.test(file) ? parsePlanData(text, file) : parsePlanText(text, file);
  if (problems.length > 0) throw new PlanError(problems);
  // No step has a place: the whole file is the problem (the one plan problem with no line).
  // Only blank lines and comments: the problem is placed at the file's start.
  if (plan.steps.length === 0) throw new PlanError([{ file, line: 1, col: 1, message: 'the plan has no steps' }]);
  return plan;
}

export function planFromSteps(lines: readonly string[]): Plan {
  const { plan, problems } = parsePlanText(lines.join('\n'), STEP_SOURCE);
  if (problems.length > 0) throw new PlanError(problems);
  // Blank `--step`s are an empty plan, refused as an empty plan file is.
  if (plan.steps.length === 0)
    throw new PlanError([{ file: STEP_SOURCE, line: null, col: null, message: 'the plan has no steps' }]);
  return plan;
}

export function checkPlan(plan: Plan, t: Target): void {
  const problems = validatePlan(plan, t);
  if (problems.length > 0) throw new PlanError(problems);
}
