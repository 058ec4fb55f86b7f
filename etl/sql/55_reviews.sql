-- England (SSDA903 reviews, table review_participation): children's participation in
-- their own looked-after reviews. DfE's method of participation codes: PN1-PN6 the child
-- took part (in person, through an advocate, symbolically, or by a facilitative medium),
-- PN7 the child neither attended nor had their views conveyed; PN0 (under 4) is not
-- counted. Per period: the reviews held in the 12 months to its end. Empty for a
-- partnership whose warehouse holds no SSDA903 return.

CREATE OR REPLACE VIEW review_participation_reviews AS
SELECT p.period_end, p.period_type, r.child_id, r.review_date, r.participation_code,
       r.participated, d.locality, d.sex, d.disability,
       child_age_band(age_at(d.date_of_birth, r.review_date)) AS age_band
FROM periods p
JOIN review_participation r
  ON r.review_date <= p.period_end AND r.review_date > p.period_end - INTERVAL 1 YEAR
JOIN child_dim d USING (child_id)
WHERE r.participation_code <> 'PN0';

-- Indicator-ready: reviews of children aged 4 or over at which the child participated
-- (numerator) over all those reviews (denominator), by the usual breakdowns.
CREATE OR REPLACE VIEW review_participation_pct AS
SELECT period_end, period_type, locality, age_band, sex, disability,
       count(*) FILTER (WHERE participated) AS numerator, count(*) AS denominator
FROM review_participation_reviews
GROUP BY ALL;

-- The indicator: the same figure once the 12 months of reviews are full (no part-year).
-- Reviews-based (each review counts once), not DfE's retired child-based measure.
CREATE OR REPLACE VIEW ind_review_participation_pct AS
SELECT * FROM review_participation_pct
WHERE window_full(period_end, 12, (SELECT min(review_date) FROM review_participation));
