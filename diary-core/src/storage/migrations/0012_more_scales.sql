-- Built-in scales added after the first release (German ±0.25 and ±0.33,
-- Polish +0.5/-0.25): written by seed_scales, which adds those a file lacks.
SELECT 1;
