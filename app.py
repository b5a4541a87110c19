"""Launch the web app (Gradio). Honours GRADIO_SERVER_NAME / GRADIO_SERVER_PORT."""

from bot.web import main

if __name__ == "__main__":
    main()
