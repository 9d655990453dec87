## /import and `birlik import`: a file of people checked before anything is stored.

import-column-full-name = Full name
import-column-birth-year = Birth year
import-column-wing = Wing
import-column-phone = Phone
import-column-language = Language

import-summary =
    Trial check of the file, region: { $region }
    Rows read: { $rows }
    Ready to import: { $good }
    With errors: { $bad }
    Duplicates within the file: { $duplicates }
    Already registered: { $registered }
    Already imported, not yet joined: { $pending }
import-nothing-stored = Nothing has been stored yet.
import-problems-header = Problems:
import-problem-line = Row { $row }: { $reason }

import-reason-name-empty = no full name
import-reason-name-too-short = the full name is too short
import-reason-name-too-long = the full name is too long
import-reason-name-character = the full name has “{ $character }”, which is not a letter
import-reason-year-not-a-year = the birth year “{ $value }” is not four digits
import-reason-year-too-old = born in { $value }: the movement is for people born in { $earliest_year } or later
import-reason-year-too-young = born in { $value }: the movement is for people born in { $latest_year } or earlier
import-reason-no-wing = no wing
import-reason-unknown-wing = { $region } has no wing “{ $wing }”
import-reason-phone = “{ $value }” is not a phone number
import-reason-language = the language “{ $value }” is not kk, ru or en
import-reason-duplicate = the same person as row { $row }
import-reason-registered = already a member in { $region }
import-reason-pending = imported before and not yet joined

import-file-unreadable = The file could not be read. Send an .xlsx workbook or a CSV file saved in UTF-8.
import-file-empty = The file has no rows.
import-missing-columns = The first row of the file must name its columns. Not found: { $columns }. Names are recognised in Kazakh, Russian or English, for example «Аты-жөні», «ФИО» or “Full name”.

cmd-import = Check a file of people before importing it (.xlsx, .csv)
import-name-region = Name the region after the command, for example /import KZ-75.
import-send-file = Send the file of people for { $region } as a document: an .xlsx workbook or a CSV file whose first row names the columns (full name, birth year, wing, and optionally phone and language). I will check every row first; nothing is stored until you press “Import”.
import-expecting-file = Send the file as a document (.xlsx or .csv), or /cancel.
import-wrong-type = Only .xlsx and .csv files can be checked. Save the list in one of these formats and send it again.
import-too-large = The file is too large: at most { $megabytes } MB.
import-problems-in-file = The problems, row by row, are in the attached file.
import-csv-row = row
import-csv-problem = problem
audit-action-people-imported = list of people imported
audit-action-pending-removed = pending person's details removed
audit-action-pending-expired = expired pending people deleted

## After the check: storing the good rows as pending people, and their personal links.
import-press-to-store = Press “Import” to store the good rows as pending people: each gets a personal link to join. Pending people are not members, and the bot sends them nothing until they join themselves.
import-button-store = { $count ->
    [one] ✅ Import { $count } person
   *[other] ✅ Import { $count } people
}
import-button-cancel = ✖ Cancel
import-storing = Importing…
import-cancelled = Import cancelled: nothing has been stored.
import-stale = This check is no longer valid. Send the file again with /import.
import-done =
    Imported into { $region } as pending: { $people }. Each becomes a member only by opening their personal link and registering themselves; details not activated within { $days ->
        [one] { $days } day
       *[other] { $days } days
    } are deleted.
    Rows left out: { $left }.
    The links follow: a CSV of everyone and a sheet to print for each wing.
import-already-done = This file has been imported already (people: { $people }). Still pending: { $pending }; their links follow.
import-nothing-left = Nobody is left to import: the file has no good rows now (some people may have registered since). Nothing has been stored.
import-links-csv-caption = The personal links of everyone imported, by wing.
import-links-sheet-caption = { $wing }, cards to print and cut apart: { $people }.
import-csv-wing = Wing
import-csv-full-name = Full name
import-csv-birth-year = Birth year
import-csv-link = Personal link
import-sheet-title = { $wing } — { $region }: personal links to join Birlik
import-sheet-hint = Scan the code or open the link to join Birlik: you check your details and give your consent yourself.
