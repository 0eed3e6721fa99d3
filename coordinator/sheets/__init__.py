"""Sign-up sheets: lightning talks, dinner groups, sprint projects."""
