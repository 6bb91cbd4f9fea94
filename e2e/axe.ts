import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Runs axe-core over `selector` (a dialog, a pane; the whole page by default) and fails on any
 * serious or critical violation, naming the rule and the offending elements so the failure says
 * what to fix.
 */
export async function expectAccessible(
  page: Page,
  selector?: string,
  /** Only these axe rules (e.g. the colour rules, for a second theme of the same screen). */
  rules?: string[],
): Promise<void> {
  let builder = new AxeBuilder({ page });
  if (selector) builder = builder.include(selector);
  if (rules) builder = builder.withRules(rules);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, 'serious or critical axe-core violations').toEqual([]);
}
