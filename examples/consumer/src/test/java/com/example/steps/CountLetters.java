package com.example.steps;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;
import java.util.Map;

/** A Java step: counts the letters of a ctx text and stores the count. Params: {@code key}. */
public final class CountLetters extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        params.string("key");
    }

    @Override
    public Object run(Context ctx, Params params) {
        String text = ctx.get(params.string("key")).asText();
        long letters = text.chars().filter(Character::isLetter).count();
        ctx.set("letters", letters);
        return Map.of("letters", letters);
    }
}
