// Text typed through a Chinese input method in full-width mode (`２０２３．１．５`,
// `１，２００`), made ASCII the way the core does (taizhang_base::typed::half_width),
// so the page's own previews (a date's due hint, a grid cell's total) read what
// the core will accept.

/** Full-width ASCII and the ideographic space as ASCII, `。` as `.`. */
export function halfWidth(text) {
  return String(text ?? '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/\u3000/g, ' ')
    .replace(/。/g, '.');
}
