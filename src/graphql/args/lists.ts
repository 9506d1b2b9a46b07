import { checkListSize } from '../../errors.ts';
import { INPUT_LIMITS } from '../../inputLimits.ts';

/** An enum list argument without duplicates, capped; null stays null (= all). */
export function enumList<T>(argument: string, list: readonly T[] | null): T[] | null {
  if (list === null) return null;
  const distinct = [...new Set(list)];
  checkListSize(argument, list, INPUT_LIMITS.enumList);
  return distinct;
}
