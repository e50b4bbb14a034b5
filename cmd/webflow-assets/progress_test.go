package main

import (
	"strings"
	"testing"
	"time"
)

func TestRenderProgress(t *testing.T) {
	cases := []struct {
		name  string
		state progressState
		want  string
	}{
		{
			name:  "nothing done yet",
			state: progressState{Total: 40},
			want:  "[--------------------]  0/40 applied 0 failed 0 --/s ETA --",
		},
		{
			name:  "a quarter done",
			state: progressState{Total: 40, Done: 10, Applied: 9, Failed: 1, Elapsed: 4 * time.Second},
			want:  "[#####---------------] 10/40 applied 9 failed 1 2.5/s ETA 12s",
		},
		{
			name:  "interrupted",
			state: progressState{Total: 40, Done: 40, Applied: 12, NotSent: 28, Elapsed: 6 * time.Second},
			want:  "[####################] 40/40 applied 12 failed 0 not sent 28 6.7/s ETA 0s",
		},
		{
			name:  "minutes left",
			state: progressState{Total: 1000, Done: 60, Applied: 60, Elapsed: time.Minute},
			want:  "[#-------------------]   60/1000 applied 60 failed 0 1.0/s ETA 15m40s",
		},
		{
			name:  "no rows to send",
			state: progressState{},
			want:  "[--------------------] 0/0 applied 0 failed 0 --/s ETA --",
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := renderProgress(tc.state)
			if got != tc.want {
				t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
			}
			if len(got) >= 80 {
				t.Errorf("%s: the line is %d characters long, want fewer than 80", tc.name, len(got))
			}
		})
	}
}

func TestBulkDisplayOnTerminal(t *testing.T) {
	var out strings.Builder
	display := newBulkDisplay(&out, true)
	clock := time.Unix(0, 0)
	display.now = func() time.Time { return clock }

	display.begin(2)
	clock = clock.Add(time.Second)
	display.rowFinished(reportRow{Row: 2, AssetID: "a1", Outcome: outcomeApplied}, progressState{Total: 2, Done: 1, Applied: 1})
	display.Write([]byte("level=DEBUG msg=log\n"))
	display.note("waiting 10s for the rate limit")
	display.rowFinished(reportRow{Row: 3, AssetID: "a2", Outcome: outcomeFailed, ErrorMessage: "404"}, progressState{Total: 2, Done: 2, Applied: 1, Failed: 1})
	display.end()

	const (
		clearLine = "\r\x1b[K"
		start     = "[--------------------] 0/2 applied 0 failed 0 --/s ETA --"
		half      = "[##########----------] 1/2 applied 1 failed 0 1.0/s ETA 1s"
		full      = "[####################] 2/2 applied 1 failed 1 2.0/s ETA 0s"
	)
	want := clearLine + start +
		clearLine + half +
		clearLine + "level=DEBUG msg=log\n" + clearLine + half +
		clearLine + "waiting 10s for the rate limit\n" + clearLine + half +
		clearLine + "row 3, asset a2: failed: 404\n" + clearLine + full +
		"\n"
	if got := out.String(); got != want {
		t.Errorf("terminal output:\ngot  %q\nwant %q", got, want)
	}
}

func TestBulkDisplayPlain(t *testing.T) {
	var out strings.Builder
	display := newBulkDisplay(&out, false)

	display.begin(2)
	display.rowFinished(reportRow{Row: 2, AssetID: "a1", Outcome: outcomeApplied}, progressState{Total: 2, Done: 1, Applied: 1})
	display.rowFinished(reportRow{Row: 3, AssetID: "a2", Outcome: outcomeNotSent, ErrorMessage: "webflow: update asset a2: not sent: context canceled"}, progressState{Total: 2, Done: 2, Applied: 1, NotSent: 1})
	display.end()

	want := "row 2, asset a1: applied\nrow 3, asset a2: not sent\n"
	if got := out.String(); got != want {
		t.Errorf("plain output:\ngot  %q\nwant %q", got, want)
	}
}
