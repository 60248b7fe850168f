"""Terminal prompts (questionary / prompt_toolkit) behind the Prompter protocol."""
