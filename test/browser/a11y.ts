import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle from node_modules, injected into the page under test. */
export const AXE_FILE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_SOURCE = readFileSync(AXE_FILE, 'utf8');

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: unknown[];
}

// Browser-side code as text: the project's TypeScript has no DOM library, and this runs in the page.
const RUN_AXE = `window.axe
  .run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  })
  .then((result) =>
    result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target),
    })),
  )`;

/**
 * Runs axe-core (WCAG 2 A/AA rules) on the page as it is now and fails on serious or critical violations,
 * naming each rule and the elements it found.
 */
export async function checkAccessibility(page: Page, where: string): Promise<void> {
  // Not page.addScriptTag: that adds an inline <script>, which the console's CSP (script-src 'self') rightly
  // blocks. Evaluating through the DevTools protocol is not subject to the page's CSP, which stays on.
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate<AxeViolation[]>(RUN_AXE);
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length)
    throw new Error(
      `Accessibility violations on ${where}:\n${bad
        .map((v) => `- ${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 5))}`)
        .join('\n')}`,
    );
}
