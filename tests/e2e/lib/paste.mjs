// Pasting a block copied from Excel/WPS, for the UI drivers.

/** In the page: a paste event carrying `text`, dispatched on `selector`. */
export function syntheticPaste([selector, text]) {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  document.querySelector(selector)
    .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

/**
 * Through the browser's clipboard: `text` typed into a scratch textarea,
 * selected, Ctrl+C; the focus back on `selector`, Ctrl+V.
 */
export async function clipboardPaste(ui, selector, text) {
  await ui.eval((t) => {
    const area = document.createElement('textarea');
    area.id = 'test-clipboard-source';
    area.value = t;
    document.body.append(area);
    area.focus();
    area.select();
  }, text);
  await ui.press('Control+c');
  await ui.eval((s) => {
    document.getElementById('test-clipboard-source').remove();
    document.querySelector(s).focus();
  }, selector);
  await ui.press('Control+v');
}
