"""A small checklist ladder of the project's own words, for tests of the criteria rule."""

from __future__ import annotations

from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_from_text

CHECKLIST_YAML = """\
format: 1
id: checklist-demo
name: Checklist demo
version: "1"
rating_scale:
  min: 0
  max: 2
  values:
    - {value: 0, name: Not yet, description: Not shown yet}
    - {value: 1, name: Some, description: Shown now and then}
    - {value: 2, name: Often, description: Shown as a habit}
scopes: [individual, team]
backgrounds: [none]
categories:
  - {id: craft, name: Craft}
  - {id: people, name: People}
skills:
  - id: craft
    name: Craft
    category: craft
    description: Building things well
    rubric: {1: Builds small things, 2: Builds larger things}
  - id: people
    name: People
    category: people
    description: Working with others
    rubric: {1: Helps a teammate, 2: Helps a team}
evidence_kinds:
  - {id: work, name: Work example, type: practice, description: Something done at work}
levels:
  - id: one
    name: One
    gates:
      - id: one.criteria
        title: Level one checklist
        rule: {criteria: {}}
        action: Work through the level one list
  - id: two
    name: Two
    gates:
      - id: two.criteria
        title: Level two checklist
        rule: {criteria: {share: 0.5, shares: {people: 1.0}}}
        action: Meet half of the craft list and all of the people list
  - id: three
    name: Three
    gates:
      - id: three.criteria
        title: Level three craft checklist
        rule: {criteria: {topics: [craft]}}
        action: Meet the level three craft list
criteria:
  - {id: craft.1.1, topic: craft, level: one, text: Writes a test for each change}
  - {id: people.1.1, topic: people, level: one, text: Asks for help when stuck}
  - {id: craft.2.1, topic: craft, level: two, text: Splits a change into reviewable steps}
  - {id: craft.2.2, topic: craft, level: two, text: Removes dead code, examples: [Deleted a flag]}
  - {id: craft.2.3, topic: craft, level: two, text: Measures before optimising}
  - {id: craft.2.4, topic: craft, level: two, text: Writes down a design before building it}
  - {id: people.2.1, topic: people, level: two, text: Reviews a teammate's change within a day}
  - {id: craft.3.1, topic: craft, level: three, text: Shapes the plan of a multi-week project}
  - {id: people.3.1, topic: people, level: three, text: Runs a team retrospective}
"""


def checklist_framework() -> Framework:
    return framework_from_text(CHECKLIST_YAML, "checklist.yaml")
