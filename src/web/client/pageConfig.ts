/**
 * Reads the JSON configuration the server embeds in a page as
 * `<script type="application/json" id="page-config">`, so the bundles carry
 * no server paths or data of their own.
 */
export function readPageConfig<T>(): T {
  const element = document.getElementById('page-config');
  if (!element?.textContent) throw new Error('page-config is missing from the page');
  return JSON.parse(element.textContent) as T;
}
