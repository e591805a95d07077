"""The most queries each page may make, asserted by tests/councils/test_query_budgets.py and by any test of a page's
queries in a state that test does not reach."""

# The most queries each page may make. Sessions, the person, their councils and roles come first on every page.
BUDGETS = {
    # The author's: memberships read once for every app (2), four EIA panels and two plan panels, one query each,
    # and a query more in each EIA panel for the screenings it lists beside the EIAs (4), and the screenings an
    # approver decided need a full EIA (1).
    "home": 17,
    "sign-in": 4,
    "password-change": 3,
    # The person's own email choices (1).
    "notification-choices": 4,
    "password-choose": 3,
    "password-reset": 3,
    "password-reset-sent": 3,
    "password-reset-confirm": 4,
    "password-reset-done": 3,
    "invitation-accept": 3,
    "accessibility": 3,
    "healthz": 3,
    "assessments:list": 9,
    # With a round chosen: its rounds, its proposals, the council's grid order and the proposals' negative impacts.
    "assessments:cumulative": 8,
    # A draft PDF is looked for among those kept (councils/pdf.py), and one made is kept: two more.
    "assessments:cumulative-pdf": 9,
    # The annual equality report: the council, its directorates, the services covered, the reviews overdue of each
    # kind of record, the impacts found, the EIA actions due, and the plans' actions with their plans and themes.
    "assessments:annual-report": 12,
    # The same, and the records behind every figure, for the appendix; and the PDF looked for among those kept, and
    # kept once made.
    "assessments:annual-report-pdf": 25,
    "assessments:annual-report-xlsx": 11,  # the same figures, without a page around them
    # The records behind one figure: at most the directorate asked for and the records of each kind.
    "assessments:annual-report-records": 7,
    "assessments:start": 7,
    # With the standard fields the councils ask, their questions, the answers, the rows authors added, and the
    # screenings: the screened-out decisions in force and those the EIAs were started from, in one query.
    "assessments:register-xlsx": 9,
    "assessments:register-csv": 9,
    # The page, its PDF and the submit page show the standard fields asked, the questions and the answers; the page,
    # the decisions the EIA informed.
    "assessments:detail": 15,
    # The standard fields asked, the questions and the answers.
    "assessments:edit": 10,
    "assessments:delete": 7,
    # The questions at the grid's end and their answers.
    "assessments:grid": 8,
    "assessments:coverage": 7,
    "assessments:action-add": 7,
    "assessments:action-edit": 10,
    "assessments:action-remove": 6,
    "assessments:row-add": 6,
    "assessments:row-remove": 6,
    "assessments:submit": 11,
    "assessments:return": 9,
    "assessments:approve": 10,  # and who wrote or changed it
    "assessments:moderate": 8,
    "assessments:publish": 8,
    "assessments:start-review": 8,
    "assessments:action-done": 6,
    "assessments:decision-add": 6,
    "assessments:decision-correct": 6,
    # And the answers' changes, the decisions' and the actions done; for a review, what its answers carried over
    # from the version it reviews.
    "assessments:history": 14,
    "assessments:pdf": 12,  # and a draft's PDF looked for among those kept, and kept once made
    "assessments:issued-pdf": 6,  # the file is a row too (councils/storage.py)
    # EIAs brought in from Word: with their services and the reviews started from them.
    "assessments:legacy-list": 6,
    "assessments:legacy": 5,
    "assessments:legacy-file": 5,
    "assessments:legacy-history": 6,
    "assessments:legacy-import": 5,
    # The council, the upload, its files and the council's services, read once for every file.
    "assessments:legacy-import-preview": 8,
    "assessments:screening-start": 6,
    "assessments:screening": 12,
    # The questions of the screening and their answers.
    "assessments:screening-edit": 8,
    "assessments:screening-answers": 7,
    "assessments:screening-delete": 7,  # and whether it started a full EIA
    "assessments:screening-submit": 8,
    "assessments:screening-return": 8,
    "assessments:screening-screen-out": 10,
    "assessments:screening-require-full-eia": 10,
    "assessments:screening-start-eia": 9,
    "assessments:screening-reopen": 8,
    # And the answers' changes; for a reopened screening, the rows and answers of the version it reopens.
    "assessments:screening-history": 11,
    "assessments:screening-pdf": 9,  # and the draft's PDF looked for among those kept, and kept once made
    "assessments:screening-issued-pdf": 6,  # and the file
    "actionplans:list": 6,
    "actionplans:start": 7,  # and the frameworks it may be made against
    # And the council's status words, and which other councils' results it may compare with.
    "actionplans:plan": 15,
    "actionplans:edit": 6,  # and the frameworks it may be made against
    "actionplans:delete": 8,
    # An action's form: and the council's people, for its lead officer's account (1).
    "actionplans:action-add": 11,
    "actionplans:action": 11,
    "actionplans:action-edit": 17,
    "actionplans:action-update": 9,  # and the council's status words
    "actionplans:update-withdraw": 8,
    "actionplans:submit": 5,
    "actionplans:return": 5,
    "actionplans:approve": 6,  # and who wrote or changed it
    "actionplans:import": 6,  # and the council's status words, which the page names
    "actionplans:import-preview": 12,  # and the council's status words, for how the file's statuses were read
    # The upload, the council's remembered choices for the file's headings, and the names of the plan's extra fields.
    "actionplans:import-columns": 8,
    # The upload, and the council's words and remembered statuses, for the file's statuses.
    "actionplans:import-statuses": 7,
    # The councils where the person may see them, the choices of columns and of statuses, with who last made them.
    "actionplans:import-mappings": 7,
    "actionplans:import-mapping": 5,
    "actionplans:import-status-value": 7,  # and the council's words it may be read as
    "actionplans:export-xlsx": 6,
    "actionplans:export-csv": 6,
    "actionplans:history": 12,  # and the files imported
    "actionplans:pdf": 13,  # and a draft's PDF looked for among those kept, and kept once made
    "actionplans:progress-report": 5,
    "actionplans:cqc-list": 6,
    "actionplans:cqc-start": 7,
    "actionplans:cqc-result": 7,
    "actionplans:cqc-correct": 8,
    "actionplans:cqc-history": 8,
    # The other councils the plan's council keeps results of, the statements, and each council's latest scores.
    "actionplans:cqc-compare": 9,
    "councils:settings": 5,
    # Who is locked out, and who may be given a temporary password: one query each, for everyone on the page.
    # The people and their roles, and the invitations waiting and the people who left (2).
    "councils:people": 11,
    "councils:person-add": 5,
    "councils:person-temporary-password": 7,
    "councils:person-unlock": 7,
    "councils:person-invite": 5,
    "councils:invitation-resend": 6,
    "councils:invitation-withdraw": 6,
    # The person, what passes on (a count for each kind of work, 6), their roles here and elsewhere, whom to choose.
    "councils:person-deactivate": 15,
    "councils:person-restore": 6,
    "councils:role-remove": 6,
    "councils:approver-services": 9,
    "councils:review-periods": 5,
    "councils:references": 5,
    "councils:screening": 5,
    "councils:public-register": 5,
    # The public register as it is made, when the cache lacks it (kept, it is one statement that counts the request
    # and reads the council's revision): the council, the published EIAs' and screened-out decisions' dates and
    # references (the order), the EIAs brought in from Word, and the page's EIAs with their decisions and its
    # screenings (none here); the page's filters, each from all three. Each of the register's requests is counted:
    # on SQLite the minute before's count and the revision are statements of their own. A file it sends is one more
    # (the stored file's row).
    "register:list": 17,
    "register:csv": 10,
    "register:json": 10,
    "register:eia-pdf": 7,
    "register:screening-pdf": 7,
    "register:word-file": 7,
    "councils:services": 6,
    # The council, the groups and their services; on the form, the council's services to choose from.
    "councils:group-roles": 7,
    "councils:group-role-add": 7,
    "councils:group-role-remove": 6,
    "councils:service-add": 6,
    "councils:service-edit": 7,
    "councils:service-remove": 6,
    # With the deletion log, what council admins did to people's accounts, the standard fields and questions EIAs
    # ask, the status words of action plans, the remembered columns of plan files, and the council's own
    # frameworks, their themes and their items: a query each; the identity provider's groups' roles, with the
    # services of each and their names (3); the invitations by email (1); and the CQC results, their history and
    # their scores' (3).
    "councils:settings-history": 30,
    "assessments:settings-grid-rows": 6,
    "assessments:settings-grid-row-add": 5,
    "assessments:settings-grid-row-edit": 6,
    "assessments:settings-grid-row-remove": 7,
    "assessments:settings-duties": 6,
    "assessments:settings-questions": 7,
    "assessments:settings-standard-fields": 6,
    "assessments:settings-question-add": 5,
    "assessments:settings-question-edit": 6,
    "assessments:settings-question-retire": 6,
    "actionplans:settings-status-words": 6,
    "actionplans:settings-status-word-add": 5,
    "actionplans:settings-status-word-edit": 7,  # and whether an action has had the word
    "actionplans:settings-status-word-retire": 6,
    "actionplans:settings-frameworks": 6,
    "actionplans:settings-framework-add": 5,
    # The framework, its themes, and their items in one query more.
    "actionplans:settings-framework": 8,
    "actionplans:settings-framework-edit": 6,
    "actionplans:settings-theme-add": 6,
    "actionplans:settings-theme-edit": 7,
    # Whether an action has it, or a CQC result scores it: a query each.
    "actionplans:settings-theme-remove": 9,
    "actionplans:settings-item-add": 7,
    "actionplans:settings-item-edit": 7,
    "actionplans:settings-item-remove": 9,
}
