# Sourced by scripts/check-pulumi-entrypoints.sh and scripts/pulumi-start-figures.sh: the two
# commands the Pulumi CLI's Java (maven) executor runs in a program's directory, exactly as
# pulumi/pulumi-java's pkg/internal/executors/executor_maven.go spells them, and helpers to run
# them in a copy of the working tree. Nothing here names a class of app/ or handler/: the
# program's main class is read from app/pom.xml.

# Plugin discovery: standard output must be the JSON list of plugins, nothing else.
cli_packages_args=(-Dorg.slf4j.simpleLogger.logFile=System.err --no-transfer-progress compile
  exec:java -DmainClass=com.pulumi.bootstrap.internal.Main -DmainArgs=packages)
cli_packages() { (cd "$1" && ./mvnw "${cli_packages_args[@]}"); }

# The program. Without the engine it must stop with the message below.
cli_run_args=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn --no-transfer-progress compile exec:java)
cli_run() { (cd "$1" && ./mvnw "${cli_run_args[@]}"); }
cli_engine_missing="Program run without the Pulumi engine available"

# Tracked and new files of the repository at $1 as they are now (not the last commit), without
# build output, into the new directory $2: a fresh checkout, as in the pipeline.
copy_tree() {
  mkdir -p "$2"
  git -C "$1" ls-files -z --cached --others --exclude-standard |
    (cd "$1" && tar --null -T - -cf -) | tar -xf - -C "$2"
}

# The program's main class (the mainClass property of app/pom.xml) and its source file.
main_class() { sed -n 's:^[[:space:]]*<mainClass>\([^<]*\)</mainClass>.*:\1:p' "$1/app/pom.xml" | sed -n 1p; }
main_source() { echo "$1/app/src/main/java/$(main_class "$1" | tr . /).java"; }

# Milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
