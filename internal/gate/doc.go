// Package gate holds opsreport's quality gates: the checks CI runs over the
// built site with real tools rather than imitations of them.
//
//   - The browser gate opens pages in headless Chromium (driven through the
//     DevTools protocol by chromedp) and reports console errors, uncaught
//     exceptions, failed requests, requests that leave the site, and charts
//     that were not drawn.
//   - The validator gate runs the W3C Nu Html Checker (vnu.jar) over pages
//     and reports its errors; warnings are counted.
//   - The accessibility gate injects axe-core into Chromium and reports
//     serious and critical violations; lesser ones are counted.
//
// Each gate is a function that returns findings, so the gates themselves are
// tested on deliberately broken pages. The tests in this package run the
// gates over the example site. The tools are located through environment
// variables (see FindTools) that .ci/run sets; a test whose tool is missing
// skips, except under CI=true, where it fails: a gate that silently did not
// run would prove nothing.
package gate
