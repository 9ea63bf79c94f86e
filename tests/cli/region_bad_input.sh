#!/bin/bash
# Bad region files: each case copies the valid mini region, breaks one file,
# and expects exit status 2, exactly one line on stderr equal to the expected
# message, and nothing on stdout.
# Usage: region_bad_input.sh VARDSIM SOURCE_DIR
set -u
VS=$1; SRC=$2
MINI=$SRC/tests/data/region/mini
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
fail=0; n=0

# case NAME FILE EXPECTED_MESSAGE_SUFFIX  (stdin: python snippet that edits text `t`)
case_() {
  local name=$1 file=$2 expect=$3 edit
  edit=$(cat)
  n=$((n+1))
  local d=$TMP/$name
  rm -rf "$d"; cp -r "$MINI" "$d"
  python3 - "$d/$file" "$edit" <<'PY'
import sys
p, code = sys.argv[1], sys.argv[2]
t = open(p, 'rb').read().decode('utf-8')
b = None
exec(code)
open(p, 'wb').write(b if b is not None else t.encode('utf-8'))
PY
  "$VS" region --region "$d" --json >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  local want="vardsim: $d/$file$expect"
  if [ $rc -ne 2 ] || [ -s "$TMP/out" ] || [ "$(wc -l <"$TMP/err")" -ne 1 ] || [ "$(cat "$TMP/err")" != "$want" ]; then
    echo "FAIL $name: rc=$rc stdout=$(wc -c <"$TMP/out")B"
    echo "  got:  $(cat "$TMP/err")"
    echo "  want: $want"
    fail=$((fail+1))
  fi
}

case_ missing_column areas.csv ':1: field pop_80_plus: required column is missing from the header' <<'E'
t = t.replace(',pop_80_plus', ',pop_80_more')
E
case_ non_numeric areas.csv ':3: field pop_30_34: '"'"'ten'"'"' is not an integer' <<'E'
l = t.split('\n'); f = l[2].split(','); f[11] = 'ten'; l[2] = ','.join(f); t = '\n'.join(l)
E
case_ negative_count areas.csv ':2: field pop_0_4: negative value -10, expected a count >= 0' <<'E'
t = t.replace('A1,0001,59.30,18.00,170,10,', 'A1,0001,59.30,18.00,170,-10,')
E
case_ duplicate_area areas.csv ':4: field area_id: duplicate area id '"'"'A1'"'"' (first on line 2)' <<'E'
t = t.replace('B1,0002', 'A1,0002')
E
case_ unknown_municipality areas.csv ':4: field municipality_id: unknown municipality '"'"'0009'"'"' (not in municipalities.csv)' <<'E'
t = t.replace('B1,0002', 'B1,0009')
E
case_ empty_file areas.csv ':1: file is empty (expected a header line)' <<'E'
t = ''
E
case_ header_only areas.csv ':2: no areas (the file has only a header)' <<'E'
t = t.split('\n')[0] + '\n'
E
case_ lone_cr areas.csv ':1: carriage return not followed by a line feed (old Mac line endings?); save the file with LF or CRLF line endings' <<'E'
t = t.replace('\n', '\r')
E
case_ mixed_separators areas.csv ':3: field municipality_id: record has 1 fields but the header has 25; this line has '"'"';'"'"' between its columns but the header '"'"','"'"' (mixed separators)' <<'E'
l = t.split('\n'); l[2] = l[2].replace(',', ';'); t = '\n'.join(l)
E
case_ header_both_separators areas.csv ':1: the header line has both '"'"','"'"' and '"'"';'"'"' between its column names, so the separator cannot be told; use '"'"','"'"' throughout (numbers with a decimal point) or '"'"';'"'"' throughout (the Swedish spreadsheet format, numbers with a decimal comma)' <<'E'
t = t.replace('area_id,municipality_id', 'area_id;municipality_id', 1)
E
case_ overflow areas.csv ':2: field pop_5_9: '"'"'99999999999999999999999'"'"' overflows a 64-bit integer' <<'E'
t = t.replace('A1,0001,59.30,18.00,170,10,10,', 'A1,0001,59.30,18.00,170,10,99999999999999999999999,')
E
case_ too_large areas.csv ':2: field pop_5_9: value 5000000000 is out of range [0, 2000000]' <<'E'
t = t.replace('A1,0001,59.30,18.00,170,10,10,', 'A1,0001,59.30,18.00,170,10,5000000000,')
E
case_ truncated_line areas.csv ':4: field pop_60_64: record has 17 fields but the header has 25 (truncated line?)' <<'E'
l = t.split('\n'); l[3] = ','.join(l[3].split(',')[:17]); t = '\n'.join(l)
E
case_ population_mismatch areas.csv ':3: field population: population 341 differs from the sum of the age bands 340' <<'E'
t = t.replace('A2,0001,59.31,18.02,340,', 'A2,0001,59.31,18.02,341,')
E
case_ latitude_range areas.csv ':2: field lat: value 95.0 is out of range [-90, 90]' <<'E'
t = t.replace('A1,0001,59.30,', 'A1,0001,95.0,')
E
case_ bad_latitude areas.csv ':2: field lat: '"'"'59,30'"'"' is not a number (a decimal comma needs the Swedish spreadsheet format, '"'"';'"'"' between columns; with '"'"','"'"' between columns write a decimal point)' <<'E'
t = t.replace('A1,0001,59.30,', 'A1,0001,"59,30",')
E
case_ low_edu_exceeds areas.csv ':4: field low_education_25_64: 50 exceeds pop_25_64 (40)' <<'E'
t = t.replace(',40,10,5\n', ',40,50,5\n')
E
case_ empty_id areas.csv ':3: field area_id: empty value' <<'E'
t = t.replace('A2,0001', ',0001')
E
case_ id_with_space areas.csv ':3: field area_id: identifier '"'"'A 2'"'"' contains a space or control character' <<'E'
t = t.replace('A2,0001', 'A 2,0001')
E
case_ dup_municipality municipalities.csv ':3: field municipality_id: duplicate municipality id '"'"'0001'"'"'' <<'E'
t = t.replace('0002,Beta', '0001,Beta')
E
case_ hospital_negative_beds hospitals.csv ':2: field beds_staffed: negative value -90, expected a count >= 0' <<'E'
t = t.replace(',100,90', ',100,-90')
E
case_ hospital_unknown_municipality hospitals.csv ':2: field municipality_id: unknown municipality '"'"'0007'"'"' (not in municipalities.csv)' <<'E'
t = t.replace('Main",0001', 'Main",0007')
E
case_ hospital_unterminated_quote hospitals.csv ':2: field name: unterminated quoted field (truncated line?)' <<'E'
t = t.replace('Main",0001,59.305,18.01,100,90\n', 'Main')
E
case_ json_syntax region.json ':1:33: string or '"'"'}'"'"' expected near '"'"'base'"'"'' <<'E'
t = t.replace('"base_year"', 'base_year')
E
case_ json_year_type region.json ': field base_year: must be an integer year (1900-2200)' <<'E'
t = t.replace('2022', '"2022"')
E
case_ duplicate_column areas.csv ':1: field lat: column appears twice in the header' <<'E'
t = t.replace('lat,lon,', 'lat,lat,', 1)
E
# Issue 12: the valid domain of every field (data/README.md, "Valid values").
case_ zero_population areas.csv ':3: field pop_0_4..pop_80_plus: the area has no residents (every age band is 0); remove the row or give its residents' <<'E'
t = t.replace('A2,0001,59.31,18.02,340,' + '20,'*17 + '160,16,100', 'A2,0001,59.31,18.02,0,' + '0,'*17 + '0,0,0')
E
case_ billion_per_band areas.csv ':2: field pop_0_4: value 1000000000 is out of range [0, 2000000]' <<'E'
t = t.replace('A1,0001,59.30,18.00,170,10,', 'A1,0001,59.30,18.00,170,1000000000,')
E
case_ area_too_large areas.csv ':2: field pop_0_4..pop_80_plus: the age bands sum to 2550000 residents, more than the limit of 2000000 for one area (data/README.md)' <<'E'
t = t.replace('A1,0001,59.30,18.00,170,' + '10,'*17, 'A1,0001,59.30,18.00,2550000,' + '150000,'*17)
E
case_ region_too_large areas.csv ': field population: the areas hold more than 15000000 residents, the limit for one region (data/README.md)' <<'E'
rows = ['X%d,0001,59.30,18.00,1700000,' % i + '100000,'*17 + '80,8,40' for i in range(9)]
t = t.rstrip('\n') + '\n' + '\n'.join(rows) + '\n'
E
case_ hex_count areas.csv ':2: field pop_5_9: '"'"'0x1A'"'"' is not an integer' <<'E'
t = t.replace('A1,0001,59.30,18.00,170,10,10,', 'A1,0001,59.30,18.00,170,10,0x1A,')
E
case_ hex_latitude areas.csv ':2: field lat: '"'"'0x3B'"'"' is not a number' <<'E'
t = t.replace('A1,0001,59.30,', 'A1,0001,0x3B,')
E
case_ nan_longitude areas.csv ':2: field lon: '"'"'nan'"'"' is not a number' <<'E'
t = t.replace('A1,0001,59.30,18.00,', 'A1,0001,59.30,nan,')
E
case_ inf_latitude areas.csv ':2: field lat: '"'"'-inf'"'"' is not a number' <<'E'
t = t.replace('A1,0001,59.30,', 'A1,0001,-inf,')
E
case_ huge_latitude areas.csv ':2: field lat: '"'"'1e999'"'"' is out of the range of a double' <<'E'
t = t.replace('A1,0001,59.30,', 'A1,0001,1e999,')
E
case_ plus_sign areas.csv ':2: field pop_0_4: '"'"'+10'"'"' is not an integer' <<'E'
t = t.replace('A1,0001,59.30,18.00,170,10,', 'A1,0001,59.30,18.00,170,+10,')
E
case_ latin1_name municipalities.csv ':3:7: invalid UTF-8 byte 0xE4 (lead byte not followed by a continuation byte; is the file Latin-1 or Windows-1252?); save the file as UTF-8' <<'E'
b = t.replace('0002,Beta', '0002,B\u00e4ta').encode('latin-1')
E
case_ nul_byte areas.csv ':3:3: NUL byte in a text file' <<'E'
t = t.replace('A2,0001', 'A2\0,0001')
E
case_ control_in_id_escaped hospitals.csv ':2:1: control character 0x1B in a text file (only tab, line feed and carriage return are allowed)' <<'E'
t = t.replace('H1,', '\x1b[2JH1,')
E
case_ newline_in_quoted_id_escaped hospitals.csv ':2: field hospital_id: identifier '"'"'H\n1'"'"' contains a space or control character' <<'E'
t = t.replace('H1,', '"H\n1",')
E
case_ hospitals_header_only hospitals.csv ':2: no hospitals (the file has only a header)' <<'E'
t = t.split('\n')[0] + '\n'
E
case_ staffed_above_planned hospitals.csv ':2: field beds_staffed: 190 staffed beds exceed the 100 planned beds (staffed beds are the open part of the planned ones; are the columns swapped?)' <<'E'
t = t.replace(',100,90', ',100,190')
E
case_ zero_planned_beds hospitals.csv ':2: field beds_planned: value 0 is out of range [1, 5000]' <<'E'
t = t.replace(',100,90', ',0,0')
E
case_ absurd_beds hospitals.csv ':2: field beds_planned: value 1000000 is out of range [1, 5000]' <<'E'
t = t.replace(',100,90', ',1000000,90')
E
case_ no_staffed_beds hospitals.csv ': field beds_staffed: no hospital has a staffed bed (the region'"'"'s beds sum to 0)' <<'E'
t = t.replace(',100,90', ',100,0')
E
case_ households_above_population areas.csv ':2: field households: 171 households exceed the population (170)' <<'E'
t = t.replace('area_id,', 'households,area_id,', 1); l = t.split('\n'); l[1] = '171,' + l[1]; l[2] = '1,' + l[2]; l[3] = '1,' + l[3]; t = '\n'.join(l)
E
case_ municipality_lat_without_lon municipalities.csv ':2: field lat: lat and lon must be given together (or both left empty)' <<'E'
t = 'municipality_id,name,lat,lon\n0001,Alpha,59.3,\n0002,Beta,,\n'
E
case_ json_duplicate_key region.json ':1:54: duplicate object key near '"'"'"name"'"'"'' <<'E'
t = '{"name": "Mini test region", "base_year": 2022, "name": "Other"}'
E
case_ json_latin1 region.json ':1:12: invalid UTF-8 byte 0xF6 (not a UTF-8 lead byte; is the file Latin-1 or Windows-1252?); save the file as UTF-8' <<'E'
b = t.replace('Mini', 'G\u00f6ta').encode('latin-1')
E

# A missing file is bad input: exit 2, naming the file.
d=$TMP/nofile; cp -r "$MINI" "$d"; rm "$d/hospitals.csv"
"$VS" region --region "$d" >"$TMP/out" 2>"$TMP/err"; rc=$?; n=$((n+1))
if [ $rc -ne 2 ] || [ -s "$TMP/out" ] || ! grep -q "hospitals.csv: cannot open" "$TMP/err"; then
  echo "FAIL missing file: rc=$rc $(cat "$TMP/err")"; fail=$((fail+1)); fi

echo "$n cases, $fail failed"
[ $fail -eq 0 ]
