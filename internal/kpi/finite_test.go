package kpi

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

// TestFiniteLooksAtEveryNumber: CheckFinite skips the figures finite
// passes, so finite must look at every number a figure has: each of
// Figure's Opt fields in turn made infinite fails it, and numbers names
// it.
func TestFiniteLooksAtEveryNumber(t *testing.T) {
	typ := reflect.TypeFor[Figure]()
	n := 0
	for i := range typ.NumField() {
		if typ.Field(i).Type != reflect.TypeFor[Opt]() {
			continue
		}
		n++
		var f Figure
		reflect.ValueOf(&f).Elem().Field(i).Set(reflect.ValueOf(Some(math.Inf(1))))
		if f.finite() {
			t.Errorf("a figure whose %s is infinite passes finite", typ.Field(i).Name)
		}
		if !slices.ContainsFunc(f.numbers(), func(o namedOpt) bool { return math.IsInf(o.V, 1) }) {
			t.Errorf("numbers leaves %s out", typ.Field(i).Name)
		}
	}
	if n != 17 {
		t.Errorf("%d numbers in a figure, want 17: a new one must join finite and numbers", n)
	}
	if !(&Figure{Actual: Some(1), MoM: None}).finite() {
		t.Error("a figure of finite numbers fails finite")
	}
}
