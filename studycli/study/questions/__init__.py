"""Question types as objects, one module each, and the one registry that lists them.

- `base`: the `Question` value, the `QuestionType` contract (build, grade, render, ask,
  feedback, to_json) and the context a type builds in.
- `single`, `multi`, `true_false`, `cloze`, `matching`: the built-in types.
- `registry`: which types there are; read by the generator, the exam, the wrong-answer
  notebook, the CLI's `--type` and the JSON.
- `generator`: a whole quiz from facts (`generate`), and grading by type.
- `answers`, `distractors`: what counts as the same answer, and wrong answers with reasons.

Adding a type: a module here with a `QuestionType` subclass and `TYPE = YourType()`, its
name in `registry.BUILT_IN`, and its words in `studycli/locales/*.toml`. A type from
another package registers through the `studycli.question_types` entry point instead.
"""
