-- The huddle's warm-up finds the hardest conversation of the past week that has ended
-- (src/store/huddles.ts, findHardestEndedConversation) from its lines at or above the hard risk
-- (HARD_LINE_RISK, 0.6; a tenth of the lines) by when they were sent, instead of every one of the
-- week's conversations' lines (a team of 40: 7,400 conversations, 40k buffers).
CREATE INDEX messages_hard_lines ON messages (org_id, sent_at) WHERE risk >= 0.6;
