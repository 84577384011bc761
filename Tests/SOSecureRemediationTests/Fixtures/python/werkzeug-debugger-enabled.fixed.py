from werkzeug.serving import run_simple

from app import create_app

if __name__ == "__main__":
    application = create_app()
    run_simple("0.0.0.0", 8000, application, use_reloader=True)
