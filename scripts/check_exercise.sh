#!/usr/bin/env bash
# Grades an exercise by what it was meant to teach: says "solved" or "not solved", and why.
#   scripts/check_exercise.sh exercises/03_fix_a_transposed_projection.cpp [c++ compiler]
# Run from anywhere, after ./scripts/bootstrap.sh. A file is solved when
#   - it is one of the exercises (its name is exercises/checks/<name>.cpp's) and not empty;
#   - the checks the starter came with are all still in it, as they were (`// KEEP:` in the checker);
#   - it compiles;
#   - it does not take a shortcut the lesson rules out (`// FORBID:`), and uses what it teaches
#     (`// REQUIRE:`), in its code (comments aside);
#   - the exercise's checker compiles: it includes the file and asserts the types and values the
#     exercise asks for (not only the starter's own checks, which a cheat can satisfy).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:?usage: scripts/check_exercise.sh exercises/NN_name.cpp [compiler]}
compiler=${2:-g++-12}
not_solved() {
  echo "not solved: $*"
  exit 1
}
name=$(basename -- "$file")
checker="$root/exercises/checks/${name%.cpp}.cpp"
if [[ "$name" != *.cpp || ! -f "$checker" ]]; then
  not_solved "$file is not an exercise (the exercises: $(cd "$root/exercises/checks" && ls *.cpp | sed 's/\.cpp$//' | tr '\n' ' '))"
fi
[[ -f "$file" ]] || not_solved "$file: no such file"
# Solved in C++, not by the preprocessor: a macro could switch off the checks that follow it. So no
# line continuation, digraph or trigraph (ways to spell a directive the patterns below would miss)
if grep -qP '\\\r?$' -- "$file"; then
  not_solved "a line of $file ends in a backslash: the exercise is solved without line continuations"
fi
# The code without its comments (strings and character literals kept whole), on one line with single
# spaces: what the learner wrote
strip='s{("(?:\\.|[^"\\\n])*"|'"'"'(?:\\.|[^'"'"'\\\n])*'"'"')|//[^\n]*|/\*.*?\*/}{defined $1 ? $1 : " "}gse; s{\s+}{ }g; s{^ | $}{}g'
code=$(perl -0777 -pe "$strip" -- "$file")
[[ -n "$code" ]] || not_solved "$file is empty"
# Spacing does not count: no space next to punctuation (for comparing the kept checks), or the
# house spacing, ` = ` and `, ` (for the FORBID and REQUIRE patterns, which see no string's text)
tight() { perl -pe 's{ ?([^\w\s]) ?}{$1}g'; }
house() { perl -pe 's{"(?:\\.|[^"\\])*"}{""}g; s{ ?([^\w\s]) ?}{$1}g; s{(?<![=!<>+\-*/%&|^])=(?!=)}{ = }g; s{,}{, }g'; }
tight_code=$(printf '%s' "$code" | tight)
house_code=$(printf '%s' "$code" | house)
while IFS= read -r keep; do
  [[ "$tight_code" == *"$(printf '%s' "$keep" | tight)"* ]] ||
    not_solved "the exercise's own check \`$keep\` was removed or changed: put it back as it was, and make it hold"
done < <(sed -nE 's:^// KEEP\: (.*)$:\1:p' "$checker")
if printf '%s' "$house_code" | grep -qE '(^|[^"])(%:|\?\?=)|# *(define|undef|if|ifdef|ifndef|elif|else|endif|pragma|line) ?|_Pragma'; then
  not_solved "the exercise is solved in C++: no #define, #undef, #if or #pragma (a macro could switch a check off)"
fi
if printf '%s' "$code" | grep -qE '# *include *"|# *include *<[^>]*(exercises|solutions|cheats|checks|\.\.)|# *include *</'; then
  not_solved "include the library's headers and the standard ones only (#include <...>), not another file of the course"
fi
# The library is what the checker compares with: it is used, not changed
if printf '%s' "$house_code" | grep -qP '(?<!using )namespace (::)?shapeproof\b|template ?<>|template ?<[^;{]*> ?(struct|class|union) [A-Za-z_:]*::[A-Za-z_]+ ?<'; then
  not_solved "the exercise is solved with the library as it is: no specialisation of its templates, and no code in namespace shapeproof"
fi
first_error() { printf '%s\n' "$1" | grep -m1 -E '(^|: )(fatal )?error: ' | sed -E 's/.*(fatal )?error: //'; }
if ! out=$("$compiler" -std=c++20 -fsyntax-only -fdiagnostics-color=never -I"$root/include" "$file" 2>&1); then
  echo "not solved: $(first_error "$out")"
  echo "(the whole diagnostic: $compiler -std=c++20 -fsyntax-only -I$root/include $file)"
  exit 1
fi
headers=$("$compiler" -std=c++20 -MM -I"$root/include" "$file" 2>/dev/null | tr -d '\\' | tr ' ' '\n' | grep -E '\.(h|hpp|hxx|cpp|cc|inl|ipp|tpp)$' | tail -n +2)
while IFS= read -r header; do
  [[ -z "$header" ]] && continue
  real=$(realpath -m -- "$header")
  [[ "$real" == "$root/include/"* || "$real" == /usr/include/* || "$real" == /usr/lib/* || "$real" == /usr/local/include/* ]] ||
    not_solved "include the library's headers and the standard ones only: $header is neither"
done <<<"$headers"
while IFS= read -r line; do
  pattern=${line%% — *}
  why=${line#* — }
  ! printf '%s' "$house_code" | grep -qE -- "$pattern" || not_solved "$why"
done < <(sed -nE 's:^// FORBID\: (.*)$:\1:p' "$checker")
while IFS= read -r line; do
  pattern=${line%% — *}
  why=${line#* — }
  printf '%s' "$house_code" | grep -qE -- "$pattern" || not_solved "$why"
done < <(sed -nE 's:^// REQUIRE\: (.*)$:\1:p' "$checker")
absolute=$(cd "$(dirname -- "$file")" && pwd)/$name
if ! out=$("$compiler" -std=c++20 -fsyntax-only -fdiagnostics-color=never -I"$root/include" \
  "-DSHAPEPROOF_EXERCISE_FILE=\"$absolute\"" "$checker" 2>&1); then
  echo "not solved: it compiles, but $(first_error "$out")"
  exit 1
fi
# An exercise that ends in a run is run (`// RUN: script`, given the file)
while IFS= read -r run; do
  if ! out=$("$root/$run" "$file" 2>&1); then
    echo "not solved: it compiles, but $run says:"
    printf '%s\n' "$out" | grep -vE '^(--|Call Stack|  /|$)' | tail -n 8
    exit 1
  fi
done < <(sed -nE 's:^// RUN\: (.*)$:\1:p' "$checker")
echo "solved: $file does what the exercise asks, and compiles"
exit 0
