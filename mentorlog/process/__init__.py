"""The mentoring process itself: the agreement and the rules of the game, goals, the plan (outcomes,
options, actions), due dates, milestones and the end."""
