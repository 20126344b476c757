-- The answers of one self-assessment round counted in one plain statement: the yardstick
-- bench/assessment_round.py times `selectors_results.round_results` against.
--
-- The same counts round_results rests on, for the submitted responses of the round: answers
-- by question and choice (the distribution, score and spread of each question), by question,
-- choice and sector, and by question, choice and layer (the group means, perception gaps and
-- suppression), and respondents by sector and by layer (the round's group tables). GROUPING
-- tells the sets apart: 0 where the column is part of the set. Parameter (psycopg named): round.
SELECT a.question_id,
       a.choice,
       r.sector,
       r.layer,
       GROUPING(a.question_id, a.choice, r.sector, r.layer) AS grouping_set,
       COUNT(*) AS answers,
       COUNT(DISTINCT r.id) AS respondents
FROM assessment_response r
LEFT JOIN assessment_answer a ON a.response_id = r.id
WHERE r.round_id = %(round)s
  AND r.status = 'submitted'
GROUP BY GROUPING SETS (
    (a.question_id, a.choice),
    (a.question_id, a.choice, r.sector),
    (a.question_id, a.choice, r.layer),
    (r.sector),
    (r.layer)
)
