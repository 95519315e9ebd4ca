// Checks the build of examples/engine-only, run by maven-invoker-plugin in a copy under target/it/engine-only
// (evaluated by verify-consumer.groovy, whose variables it shares): a project with orchestrator-engine alone pays
// at most 8 MB of runtime jars, and none of them is a report plugin or one of their libraries.
def limit = 8L * 1024 * 1024
def jars = new File(basedir, 'target/runtime-jars').listFiles()?.findAll { it.name.endsWith('.jar') } ?: []
assert jars.any { it.name.startsWith('orchestrator-engine-') } : "no engine jar among the runtime jars: ${jars*.name}"
def total = jars.sum { it.length() } as long
jars.sort { -it.length() }.each { println String.format('%,12d  %s', it.length(), it.name) }
println String.format('%,12d  bytes in %d runtime jars of orchestrator-engine alone (limit %,d)', total, jars.size(), limit)
assert total <= limit : "orchestrator-engine alone brings ${total} bytes of runtime jars, more than ${limit}: ${jars*.name}"
def heavy = jars.findAll { it.name =~ /^(allure|sqlite-jdbc|poi|orchestrator-report-)/ }
assert heavy.isEmpty() : "report libraries on the engine's runtime class path: ${heavy*.name}"
return true
