package pack

// DetachLinksReference is detachLinksReference for the benchmark in
// package pack_test, which builds the example site.
var DetachLinksReference = detachLinksReference

// TestImages are the review images the link tests inline.
var TestImages = testImages
