"""shout: ctx[shout] = ctx[params.key] in upper case, with an exclamation mark."""

from scriptlets.python.core import BaseScriptlet


class StepShout(BaseScriptlet):
    def validate(self, ctx, params):
        self.require(params, "key")

    def run(self, ctx, params):
        text = ctx.get(params["key"])
        ctx.set("shout", text.upper() + "!")
        return {"length": len(text)}
