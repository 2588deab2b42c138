-- The coordinator's hot path as three functions, so that each step is one round trip
-- from Node, whatever the batch holds. packages/db/src/event-writes.ts and
-- sweep-reconcile.ts call them and document what they guarantee.
--
-- Every function that locks takes sweep rows before trial rows, the order every writer
-- uses, so that no two writers deadlock. Each statement inside a function reads with a
-- snapshot taken after the locks before it are held (READ COMMITTED).

-- Ends a sweep and cancels its queued and running trials. Returns the cancelled ids.
-- The caller holds the sweep's row lock. A completed sweep's best model waits for
-- promotion (PENDING), unless its trials produce none (NO_MODEL: command, synthetic).
CREATE FUNCTION hf_end_sweep(p_sweep uuid, p_state "SweepState", p_reason text)
RETURNS uuid[] LANGUAGE plpgsql AS $fn$
DECLARE
  cancelled uuid[];
BEGIN
  WITH c AS (
    UPDATE trials
    SET state = 'CANCELLED', error = 'sweep ' || lower(p_state::text) || ': ' || p_reason,
        finished_at = now(), updated_at = now()
    WHERE sweep_id = p_sweep AND state IN ('QUEUED', 'RUNNING')
    RETURNING id
  )
  SELECT coalesce(array_agg(id), '{}') INTO cancelled FROM c;

  UPDATE sweeps
  SET state = p_state, state_reason = p_reason, finished_at = now(), updated_at = now(),
      promotion_state = CASE
        WHEN p_state <> 'COMPLETED' THEN promotion_state
        WHEN spec -> 'trial' ->> 'kind' = 'tfjs' THEN 'PENDING'::"PromotionState"
        ELSE 'NO_MODEL'::"PromotionState"
      END
  WHERE id = p_sweep;
  RETURN cancelled;
END
$fn$;

-- Applies a batch of worker events: `started` (one per trial, its latest attempt),
-- `progress` (step reports) and outcomes (one per trial, the first in stream order).
-- Each write applies only where it fits the stored state and attempt, so a repeated or
-- stale event changes nothing, and the first outcome of a trial wins. Returns one row per
-- change: kind 'started' | 'progress' | 'outcome', the trial row after it, and details.
CREATE FUNCTION hf_apply_worker_events(p_started jsonb, p_progress jsonb, p_outcomes jsonb)
RETURNS TABLE (kind text, trial jsonb, detail jsonb) LANGUAGE plpgsql AS $fn$
BEGIN
  IF jsonb_array_length(p_outcomes) > 0 THEN
    -- A trial's sweep never changes, so it can be read before the lock is held.
    PERFORM 1 FROM sweeps
    WHERE id IN (
      SELECT t.sweep_id FROM trials t
      WHERE t.id IN (SELECT (o ->> 'trialId')::uuid FROM jsonb_array_elements(p_outcomes) o)
    )
    ORDER BY id FOR UPDATE;
  END IF;

  RETURN QUERY
  WITH v AS (
    SELECT * FROM jsonb_to_recordset(p_started) AS v("trialId" uuid, attempt int, "workerId" text, at timestamptz)
  ), changed AS (
    UPDATE trials t
    SET state = 'RUNNING', attempt = v.attempt, worker_id = v."workerId", started_at = v.at, updated_at = now()
    FROM v
    WHERE t.id = v."trialId" AND t.state IN ('QUEUED', 'RUNNING') AND t.attempt <= v.attempt
      AND NOT (t.state = 'RUNNING' AND t.attempt = v.attempt AND t.worker_id IS NOT DISTINCT FROM v."workerId")
    RETURNING t.*
  )
  SELECT 'started'::text, to_jsonb(changed), NULL::jsonb FROM changed;

  -- A start redelivered after its trial's outcome (a coordinator restart can reorder them)
  -- still records who ran the trial and when, without changing its state.
  UPDATE trials t
  SET worker_id = v."workerId", started_at = v.at, updated_at = now()
  FROM jsonb_to_recordset(p_started) AS v("trialId" uuid, attempt int, "workerId" text, at timestamptz)
  WHERE t.id = v."trialId" AND t.state NOT IN ('QUEUED', 'RUNNING') AND t.started_at IS NULL AND t.attempt = v.attempt;

  -- Reports of trials in flight, and late ones of the attempt a finished trial stored (a
  -- report redelivered after its result). A repeat of (trial, attempt, step) adds nothing.
  RETURN QUERY
  WITH v AS (
    SELECT * FROM jsonb_to_recordset(p_progress) AS v("trialId" uuid, attempt int, step int, "values" jsonb)
  ), inserted AS (
    INSERT INTO trial_metrics (trial_id, attempt, step, values)
    SELECT v."trialId", v.attempt, v.step, v."values" FROM v JOIN trials t ON t.id = v."trialId"
    WHERE (t.state IN ('QUEUED', 'RUNNING') AND v.attempt >= t.attempt) OR v.attempt = t.attempt
    ON CONFLICT (trial_id, attempt, step) DO NOTHING
    RETURNING trial_id, attempt, step, values, recorded_at
  ), updated AS (
    UPDATE trials t SET last_step = GREATEST(COALESCE(t.last_step, 0), m.step), updated_at = now()
    FROM (SELECT trial_id, max(step) AS step FROM inserted GROUP BY trial_id) m
    WHERE t.id = m.trial_id
    RETURNING t.*
  )
  SELECT 'progress'::text, to_jsonb(updated),
         jsonb_build_object('attempt', i.attempt, 'step', i.step, 'values', i.values, 'recordedAt', i.recorded_at)
  FROM inserted i JOIN updated ON updated.id = i.trial_id
  ORDER BY i.trial_id, i.step;

  -- Outcomes, and each sweep's new best among them. Values travel as text: the shortest
  -- text that reads back as the same double.
  RETURN QUERY
  WITH v AS (
    SELECT * FROM jsonb_to_recordset(p_outcomes) AS v(
      "trialId" uuid, attempt int, state "TrialState", value text, step int, error text,
      "artifactKey" text, "artifactDigest" text)
  ), previous AS (
    SELECT t.id, t.attempt FROM trials t JOIN v ON v."trialId" = t.id
    WHERE t.state IN ('QUEUED', 'RUNNING')
    FOR UPDATE OF t
  ), applied AS (
    UPDATE trials t
    SET state = v.state, attempt = GREATEST(t.attempt, v.attempt), value = v.value::float8,
        last_step = COALESCE(v.step, t.last_step), error = v.error, artifact_key = v."artifactKey",
        artifact_digest = v."artifactDigest", finished_at = now(), updated_at = now()
    FROM v JOIN previous ON previous.id = v."trialId"
    WHERE t.id = v."trialId"
    RETURNING t.*, previous.attempt AS previous_attempt
  ), candidates AS (
    -- Read from this statement's own changes: the trials table still shows the old rows.
    SELECT DISTINCT ON (a.sweep_id) a.sweep_id, a.id, a.value
    FROM applied a JOIN sweeps o ON o.id = a.sweep_id
    WHERE a.state = 'COMPLETED' AND a.value IS NOT NULL
    ORDER BY a.sweep_id, CASE WHEN o.direction = 'MINIMIZE' THEN a.value ELSE -a.value END, a.number
  ), bests AS (
    UPDATE sweeps s SET best_trial_id = c.id, best_value = c.value, updated_at = now()
    FROM candidates c
    WHERE s.id = c.sweep_id AND (s.best_value IS NULL
      OR (s.direction = 'MINIMIZE' AND c.value < s.best_value) OR (s.direction = 'MAXIMIZE' AND c.value > s.best_value))
    RETURNING s.best_trial_id
  )
  SELECT 'outcome'::text, to_jsonb(a) - 'previous_attempt',
         jsonb_build_object('previousAttempt', a.previous_attempt, 'newBest', b.best_trial_id IS NOT NULL)
  FROM applied a LEFT JOIN bests b ON b.best_trial_id = a.id;
END
$fn$;

-- Brings a running sweep to where its budget says it should be, under the sweep's row
-- lock: ends it FAILED past its failure budget, creates up to its free slots from the
-- suggested params (numbered from p_first_number, which must be the count of trials
-- created so far, or nothing is created and kind 'stale' comes back), and ends it once
-- every trial it may create has finished. Returns the created trials, then one row of
-- kind 'finished' or 'status' with what the caller needs to go on.
CREATE FUNCTION hf_refill(p_sweep uuid, p_first_number int, p_params jsonb, p_exhausted boolean)
RETURNS TABLE (kind text, trial jsonb, detail jsonb) LANGUAGE plpgsql AS $fn$
DECLARE
  s sweeps;
  in_flight int;
  failed int;
  any_completed boolean;
  slots int;
  n int;
  offered int := jsonb_array_length(p_params);
  exhausted boolean;
  end_state "SweepState";
  reason text;
  cancelled uuid[];
BEGIN
  SELECT * INTO s FROM sweeps WHERE id = p_sweep FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'missing'::text, NULL::jsonb, NULL::jsonb;
    RETURN;
  END IF;
  IF s.state <> 'RUNNING' THEN
    RETURN QUERY SELECT 'status'::text, NULL::jsonb,
      jsonb_build_object('state', s.state, 'trialsCreated', s.trials_created, 'slots', 0);
    RETURN;
  END IF;

  -- Each count is an index range bounded by parallelism or the failure budget.
  SELECT (SELECT count(*)::int FROM trials WHERE sweep_id = p_sweep AND state IN ('QUEUED', 'RUNNING')),
         (SELECT count(*)::int FROM trials WHERE sweep_id = p_sweep AND state = 'FAILED'),
         EXISTS (SELECT 1 FROM trials WHERE sweep_id = p_sweep AND state = 'COMPLETED')
  INTO in_flight, failed, any_completed;

  IF failed > s.max_failed_trials THEN
    reason := format('%s trials failed, more than budget.maxFailedTrials (%s)', failed, s.max_failed_trials);
    cancelled := hf_end_sweep(p_sweep, 'FAILED', reason);
    RETURN QUERY SELECT 'finished'::text, NULL::jsonb,
      jsonb_build_object('state', 'FAILED', 'reason', reason, 'cancelledTrialIds', to_jsonb(cancelled),
                         'trialsCreated', s.trials_created, 'slots', 0);
    RETURN;
  END IF;

  IF s.trials_created <> p_first_number THEN
    RETURN QUERY SELECT 'stale'::text, NULL::jsonb, jsonb_build_object('trialsCreated', s.trials_created);
    RETURN;
  END IF;

  slots := GREATEST(0, LEAST(s.parallelism - in_flight, s.max_trials - s.trials_created));
  n := LEAST(slots, offered);
  IF n > 0 THEN
    UPDATE sweeps SET trials_created = s.trials_created + n, updated_at = now() WHERE id = p_sweep;
    RETURN QUERY
    WITH created AS (
      INSERT INTO trials (id, sweep_id, number, params, updated_at)
      SELECT gen_random_uuid(), p_sweep, s.trials_created + e.ord::int - 1, e.value, now()
      FROM jsonb_array_elements(p_params) WITH ORDINALITY AS e(value, ord)
      WHERE e.ord <= n
      RETURNING *
    )
    SELECT 'created'::text, to_jsonb(created), NULL::jsonb FROM created ORDER BY created.number;
  END IF;

  -- The space counts as used up only when every suggestion offered found a slot.
  exhausted := p_exhausted AND n = offered;
  IF (s.trials_created + n >= s.max_trials OR exhausted) AND in_flight + n = 0 THEN
    reason := CASE WHEN exhausted AND s.trials_created + n < s.max_trials THEN 'search space exhausted' ELSE 'budget reached' END;
    IF any_completed THEN
      end_state := 'COMPLETED';
    ELSE
      end_state := 'FAILED';
      reason := reason || ' with no completed trial';
    END IF;
    cancelled := hf_end_sweep(p_sweep, end_state, reason);
    RETURN QUERY SELECT 'finished'::text, NULL::jsonb,
      jsonb_build_object('state', end_state, 'reason', reason, 'cancelledTrialIds', to_jsonb(cancelled),
                         'trialsCreated', s.trials_created + n, 'slots', 0);
    RETURN;
  END IF;

  RETURN QUERY SELECT 'status'::text, NULL::jsonb,
    jsonb_build_object('state', 'RUNNING', 'trialsCreated', s.trials_created + n, 'slots', slots - n,
                       'exhausted', exhausted);
END
$fn$;
