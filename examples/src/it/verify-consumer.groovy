// Checks the build of examples/consumer (the project of docs/getting-started.md), run by maven-invoker-plugin
// in a copy under target/it/consumer. Variables (scriptVariables of examples/pom.xml): consumerCopy (the
// copy that was built), orchestratorVersion, repositoryRoot, cacheFolder (XDG_CACHE_HOME of the build).
import javax.xml.parsers.DocumentBuilderFactory

File basedir = new File(consumerCopy)

File source = new File(repositoryRoot, 'examples/consumer')

// 1. Surefire: every step of the greeting recipe passed; the recipe tagged fails-on-purpose did not run
def cases = [:]
new File(basedir, 'target/surefire-reports').eachFileMatch(~/TEST-.*\.xml/) { file ->
    def nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file).getElementsByTagName('testcase')
    for (int i = 0; i < nodes.length; i++) {
        def testcase = nodes.item(i)
        def outcome = ['failure', 'error', 'skipped'].find { testcase.getElementsByTagName(it).length > 0 } ?: 'passed'
        cases[testcase.getAttribute('name')] = outcome
    }
}
def expected = ['greeting - greet', 'greeting - shout', 'greeting - count_letters', 'greeting - check']
assert cases.keySet() == expected as Set : "Surefire ran ${cases}, expected exactly ${expected}"
assert cases.values().every { it == 'passed' } : "not every step passed: ${cases}"
assert !cases.keySet().any { it.contains('broken_on_purpose') } : 'the recipe tagged fails-on-purpose ran'

// 2. Nothing of this repository was copied into the consumer: the Python core and ctx.sh came from the engine jar
['scriptlets/__init__.py', 'scriptlets/python/core', 'scriptlets/shell/lib'].each {
    assert !new File(source, it).exists() : "examples/consumer/${it} must not exist: the engine jar ships it"
}
def unpacked = new File(cacheFolder, 'orchestrator').listFiles()?.findAll { !it.name.startsWith('.') }
assert unpacked?.size() == 1 : "expected one unpacked engine folder in ${cacheFolder}, found ${unpacked}"
assert new File(unpacked[0], 'scriptlets/python/core/bridge.py').isFile()
assert new File(unpacked[0], 'scriptlets/shell/lib/ctx.sh').isFile()

// 3. allure.properties on the test class path is honoured: one result per step in target/allure-results
def allure = new File(basedir, 'target/allure-results').listFiles()?.findAll { it.name.endsWith('-result.json') }
assert allure?.size() == 4 : "expected 4 Allure results in target/allure-results, found ${allure}"
assert !new File(basedir, 'reports/allure-results').exists()

// 4. The consumer's pom names the version being built (invoker passes it with -D; a user's build does not)
def pom = new File(source, 'pom.xml').text
assert pom.contains("<orchestrator.version>${orchestratorVersion}</orchestrator.version>") :
        "examples/consumer/pom.xml: set <orchestrator.version> to ${orchestratorVersion}"

// 5. docs/getting-started.md shows these files: every block after `<!-- file: PATH -->` appears in PATH as is
def doc = new File(repositoryRoot, 'docs/getting-started.md').text
def blocks = (doc =~ /(?s)<!-- file: (\S+) -->\s*```[a-z]*\n(.*?)```/).collect { [it[1], it[2]] }
assert blocks.size() >= 6 : "docs/getting-started.md shows only ${blocks.size()} files of examples/consumer"
blocks.each { path, text ->
    def file = new File(repositoryRoot, path)
    assert file.isFile() : "docs/getting-started.md shows ${path}, which does not exist"
    assert file.text.contains(text) : "docs/getting-started.md shows ${path} differently from the file"
}
return true
