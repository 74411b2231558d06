// Reads a plan from a file (text, JSON or YAML by extension) or from `--step` lines, and checks it
// against the target; every problem is reported at once.
import { InputFileError } from '../../engine/inputText.js';
import type { Target } from '../../engine/target.js';
import { readInputFile } from '../inputFile.js';
import { parsePlanData, planProblemsOf } from './parseData.js';
import { parsePlanText } from './parseText.js';
import { PlanError, type Plan } from './types.js';
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
  if (plan.steps.length === 0) throw new PlanError([{ line: null, where: file, message: 'the plan has no steps' }]);
  return plan;
}

export function planFromSteps(lines: readonly string[]): Plan {
  const { plan, problems } = parsePlanText(lines.join('\n'), '--step');
  if (problems.length > 0) throw new PlanError(problems);
  // Blank `--step`s are an empty plan, refused as an empty plan file is.
  if (plan.steps.length === 0) throw new PlanError([{ line: null, where: '--step', message: 'the plan has no steps' }]);
  return plan;
}

export function checkPlan(plan: Plan, t: Target): void {
  const problems = validatePlan(plan, t);
  if (problems.length > 0) throw new PlanError(problems);
}
