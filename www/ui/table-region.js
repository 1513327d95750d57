// A lesson's table in a focusable, labelled region that may scroll sideways on a phone:
// the figures table and the ensemble's vote grid both sit in one.
export function tableRegion(doc, { caption, className, testid }) {
  const wrap = doc.createElement('div');
  wrap.className = `table-wrap lesson-figures ${className ?? ''}`.trim();
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  const table = doc.createElement('table');
  table.dataset.testid = testid;
  table.append(Object.assign(doc.createElement('caption'), { textContent: caption }));
  wrap.append(table);
  return { wrap, table };
}
